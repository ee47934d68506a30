/**
 * English function words plus newsroom boilerplate ("said", "according") that
 * would otherwise top every keyword list without saying what a piece is about.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above across after afterwards again against all almost alone along already also although always am among
  amongst an and another any anyhow anyone anything anyway anywhere are aren't around as at back be became because
  become becomes becoming been before beforehand behind being below beside besides between beyond both but by can
  cannot can't could couldn't did didn't do does doesn't doing don't done down during each eg e.g either else
  elsewhere enough etc even ever every everyone everything everywhere except few first for former formerly from
  further get gets got had hadn't has hasn't have haven't having he he'd he'll he's her here hereafter hereby herein
  here's hers herself him himself his how however how's i i'd ie i'll i'm into is isn't it its it's itself i've just
  last latter latterly least less let's like made make makes many may me meanwhile might more moreover most mostly
  much must my myself namely neither never nevertheless new next no nobody none noone nor not nothing now nowhere of
  off often on once one only onto or other others otherwise our ours ourselves out over own per perhaps please put
  quite rather re really said same say says see seem seemed seeming seems several she she'd she'll she's should
  shouldn't since so some somehow someone something sometime sometimes somewhere still such than that that's the
  their theirs them themselves then thence there thereafter thereby therefore therein there's thereupon these they
  they'd they'll they're they've this those though through throughout thru thus to together too toward towards two
  under until up upon us use used using very via was wasn't we we'd well we'll were we're weren't we've what
  whatever what's when whence whenever when's where whereafter whereas whereby wherein where's whereupon wherever
  whether which while whither who whoever whole whom who's whose why why's will with within without won't would
  wouldn't yet you you'd you'll your you're yours yourself yourselves you've according told year years week weeks
  month months day days time times including include includes announced reported report reports amp nbsp mr mrs ms
  dr also would three four five six seven eight nine ten hundred thousand million billion percent per cent`
    .split(/\s+/)
    .filter(Boolean),
);
