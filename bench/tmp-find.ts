import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { checkGrounding } from '../server/grounding/index.js';
const show = (p: string) => execFileSync('git', ['--git-dir', '/work/.mirror/Liyan06+AggreFact/repo', 'show', `HEAD:${p}`], { maxBuffer: 64 << 20 }).toString('utf8');
const rows = parse<Record<string, string>>(show('data/error_type_mapping/CLIFF_error_types.csv'), { columns: true });
const needle = process.argv[2];
for (const r of rows) if (r.summ.includes(needle)) {
  const re = new RegExp(process.argv[3] ?? 'xx', 'gi');
  console.log('SUMM:', r.summ);
  for (const m of r.doc.matchAll(re)) console.log('  DOC:', r.doc.slice(Math.max(0, m.index! - 100), m.index! + 100).replace(/\s+/g, ' '));
  const rep = checkGrounding({ sections: [{ key: 's', text: r.summ }], sources: [{ id: 'a', text: r.doc }] });
  for (const f of rep.flags) console.log(' FLAG', f.kind, f.severity, JSON.stringify(f.text), f.message.slice(0, 150));
}
