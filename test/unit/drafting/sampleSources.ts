import type { Catalogue, ComputedFact, PromptSource } from '../../../prompts/types.js';
import type { Draft } from '../../../server/drafting/draftSchema.js';

// Test data modelled on the example briefing in shared/examples/seed-briefing.txt.
export const lead: PromptSource = {
  id: 'src_lead',
  publisher: 'MINING.com',
  title: 'China issues first general rare earth export licences',
  url: 'https://www.mining.com/example-rare-earth-licences/',
  publishedAt: '2025-12-04T08:30:00Z',
  text: [
    'China has issued the first batch of one-year general rare earth export licences to magnet producers JL Mag Rare Earth, Ningbo Yunsheng and Beijing Zhong Ke San Huan High-Tech.',
    'The licences ease the shipment-by-shipment approvals imposed under export controls introduced in April.',
    'Beijing agreed to suspend expanded controls announced in October as part of a trade truce with the United States.',
    'Rare earth magnet exports initially slumped after the April controls, and shipments for 2025 remained about 20% down year-on-year.',
    'Exports to the US reached a nine-month high in October.',
    'Eligibility is currently restricted to major Chinese rare earth firms, and any expansion depends on how the rollout performs.',
    'European manufacturers report shorter delays but still cite opaque criteria.',
  ].join(' '),
};

export const related: PromptSource[] = [
  {
    id: 'src_rel1',
    publisher: 'Example Metals Weekly',
    title: 'European magnet makers seek alternative feedstock',
    url: 'https://example.org/metals/eu-magnets',
    publishedAt: '2025-11-20',
    text:
      'Magnet producers in Europe and South Korea are qualifying alternative feedstock sources. ' +
      'Several buyers said they no longer expect a quick rebound in Chinese exports. ' +
      'Qualification of a new supplier can take more than a year.',
  },
  {
    id: 'src_rel2',
    publisher: 'Example Trade Journal',
    title: 'Rare earth controls and downstream prices',
    url: 'https://example.org/trade/rare-earth-prices',
    publishedAt: null,
    text:
      'Higher-value magnet manufacturers feel changes in export controls first in their order books. ' +
      'Prices for neodymium oxide rose in the third quarter.',
  },
];

export const facts: ComputedFact[] = [
  { term: 'rare earths', matches: 10 },
  { term: 'rare earth magnets', matches: 7 },
];

export const catalogue: Catalogue = {
  industries: [
    { name: 'Mining', description: 'Geotechnical software solutions for mining operations.' },
    { name: 'Construction', description: 'Quality control software for construction companies.' },
  ],
  products: [
    { name: 'CMRR-io', description: 'Coal mine roof stability assessments.' },
    { name: 'QCDB-io', description: 'Quality control database for manufacturing, tunnelling and civil construction.' },
  ],
};

export const schemaContext = {
  sourceIds: [lead.id, ...related.map((r) => r.id)],
  industries: catalogue.industries.map((i) => i.name),
  products: catalogue.products.map((p) => p.name),
};

export const validDraft: Draft = {
  title: "China's first streamlined rare earth licences: supply risk notes for project teams",
  slugSuggestion: 'china-streamlined-rare-earth-licences',
  thirtySecondBriefing:
    'China has issued the first one-year general rare earth export licences to three magnet producers, easing shipment-by-shipment approvals. Shipments for 2025 remained about 20% down year-on-year.',
  technicalBrief: [
    { text: 'Eligibility is restricted to major Chinese rare earth firms.', sourceIds: ['src_lead'] },
    { text: 'European makers are qualifying alternative feedstock.', sourceIds: ['src_rel1'] },
  ],
  ourTake: [
    'With rare earths appearing in 10 keyword-matched pieces in our database, supply risk is now about policy stability.',
    'Producers outside China will keep qualifying alternative feedstock.',
  ],
  keywords: ['rare earths', 'export licences', 'magnets'],
  industries: ['Mining'],
  products: [],
  claims: [
    {
      text: 'Shipments for 2025 remained about 20% down.',
      sourceId: 'src_lead',
      evidenceQuote: 'shipments for 2025 remained about 20% down year-on-year',
    },
  ],
};
