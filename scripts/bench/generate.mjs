// Generates a synthetic KPEP repository shaped like the upstream KEP corpus (README median ~25 KB,
// p90 ~65 KB, largest ~170 KB / ~3,400 lines), deterministic from a seed, for `npm run bench`.
// Two KPEPs (170 KB and 145 KB) are real-style (realStyle.mjs); `--style real` makes every one so.
// Usage: node scripts/bench/generate.mjs [DIR] [--n 1000] [--seed 7] [--style generated|real]
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { realStyleReadme } from './realStyle.mjs';

const TEMPLATE_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../server/src/core/template/default-template.md');

/** The largest document, fixed so every corpus has the 170 KB proposal the edit benchmark uses. */
export const LARGEST_BYTES = 170_000;
/** The two real-style proposals every corpus holds, as large as the largest upstream ones. */
const REAL_STYLE_BYTES = [170_000, 145_000];
const MEDIAN_BYTES = 25_000;
// ln(p90 / median) / z(0.9): a log-normal through median 25 KB and p90 65 KB.
const SIGMA = Math.log(65_000 / MEDIAN_BYTES) / 1.2816;

/** mulberry32: small, fast and the same on every machine. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the a of to and in for is on that by this with be as are from at or it an will which can not each controller apiserver ' +
  'storage backend cluster tenant plane kplane release upgrade rollout operator metric latency quota policy feature gate ' +
  'replica watch cache etcd shard migration version skew compatibility behaviour user request field object status ' +
  'condition reconcile webhook admission scheduler node pod volume snapshot tenant namespace label selector api ' +
  'deprecation graduation alpha beta stable test coverage integration e2e signal alert dashboard incident on-call'
).split(' ');
const SLUG_WORDS = 'pluggable storage backends tenant quotas watch cache sharding admission webhooks api priority fairness node lease rollout snapshots migration audit log streaming metrics cardinality'.split(' ');
const STATUSES = ['implemented', 'implemented', 'implementable', 'implementable', 'provisional', 'provisional', 'withdrawn'];
const REPOS = ['apiserver', 'storage', 'controller-manager', 'scheduler', 'cli', 'docs', 'operator'];
const HANDLES = ['@alice', '@bob', '@carol', '@dave', '@erin', '@frank', '@grace', '@heidi', '@ivan', '@judy'];
const LANGUAGES = ['go', 'yaml', 'shell', 'json', ''];

function pick(random, items) {
  return items[Math.floor(random() * items.length)];
}

function normal(random) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function pad(kpepNumber) {
  return String(kpepNumber).padStart(4, '0');
}

function slugOf(heading) {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

/** The template's headings, in order, with their levels and the guidance comment under each. */
function templateHeadings(template) {
  return [...template.matchAll(/^(#{2,6}) (.+)\n(?:<!-- kpep:.*\n)?\n?(<!--[\s\S]*?-->)?/gm)].map((match) => ({
    level: match[1].length,
    text: match[2].trim(),
    guidance: match[3],
  }));
}

class ProseWriter {
  constructor(random, kpepNumber, directories) {
    this.random = random;
    this.kpepNumber = kpepNumber;
    this.directories = directories;
  }

  sentence() {
    const { random } = this;
    const length = 8 + Math.floor(random() * 16);
    const words = Array.from({ length }, () => pick(random, WORDS));
    if (random() < 0.12 && this.kpepNumber > 1) {
      words.splice(Math.floor(random() * length), 0, `KPEP-${pad(1 + Math.floor(random() * (this.kpepNumber - 1)))}`);
    }
    if (random() < 0.1) {
      words.splice(Math.floor(random() * length), 0, `\`${pick(random, WORDS)}.${pick(random, WORDS)}\``);
    }
    if (random() < 0.04 && this.kpepNumber > 1) {
      const target = 1 + Math.floor(random() * (this.kpepNumber - 1));
      words.splice(Math.floor(random() * length), 0, `[the ${pick(random, WORDS)} proposal](../${this.directories[target - 1]}/README.md)`);
    }
    const text = words.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  }

  /** A paragraph wrapped at about 72 columns, like hand-written markdown. */
  paragraph() {
    const sentences = Array.from({ length: 2 + Math.floor(this.random() * 5) }, () => this.sentence()).join(' ');
    return sentences.replace(/(.{1,72})(?: |$)/g, '$1\n').trimEnd();
  }

  block() {
    const roll = this.random();
    if (roll < 0.55) {
      return this.paragraph();
    }
    if (roll < 0.75) {
      const marker = this.random() < 0.5 ? '-' : '1.';
      return Array.from({ length: 2 + Math.floor(this.random() * 6) }, () => `${marker} ${this.sentence()}`).join('\n');
    }
    if (roll < 0.88) {
      const lines = Array.from({ length: 3 + Math.floor(this.random() * 20) }, () => `  ${pick(this.random, WORDS)}: ${pick(this.random, WORDS)} # KPEP-${pad(this.kpepNumber)}`);
      return `\`\`\`${pick(this.random, LANGUAGES)}\n${lines.join('\n')}\n\`\`\``;
    }
    if (roll < 0.96) {
      const rows = Array.from({ length: 2 + Math.floor(this.random() * 8) }, () => `| ${pick(this.random, WORDS)} | ${pick(this.random, WORDS)} ${pick(this.random, WORDS)} | ${this.sentence()} |`);
      return ['| name | value | notes |', '|---|---|---|', ...rows].join('\n');
    }
    return `<<[UNRESOLVED ${pick(this.random, WORDS)} ]>>\n${this.paragraph()}\n<<[/UNRESOLVED]>>`;
  }
}

/** The shape of every KPEP first, so replacement chains and references point at real numbers. */
function planRepository(count, random, style) {
  const plans = Array.from({ length: count }, (_, index) => {
    const kpepNumber = index + 1;
    const slug = Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(random, SLUG_WORDS)).join('-');
    const bytes = Math.min(LARGEST_BYTES * 0.9, Math.max(3_000, MEDIAN_BYTES * Math.exp(SIGMA * normal(random))));
    return {
      kpepNumber,
      directory: `${pad(kpepNumber)}-${slug}`,
      title: slug.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' '),
      status: pick(random, STATUSES),
      bytes,
      replaces: [],
      supersededBy: [],
      seeAlso: [],
      realStyle: style === 'real',
    };
  });
  plans[Math.floor(count / 2)].bytes = LARGEST_BYTES;
  REAL_STYLE_BYTES.forEach((bytes, index) => {
    const plan = plans[Math.floor(count / (3 + index))];
    if (plan && plan !== plans[Math.floor(count / 2)]) {
      Object.assign(plan, { bytes, realStyle: true });
    }
  });
  for (const plan of plans) {
    // About one KPEP in twelve replaces an earlier one, forming chains when the earlier one also did.
    if (plan.kpepNumber > 10 && random() < 0.08) {
      const older = plans[Math.floor(random() * (plan.kpepNumber - 1))];
      if (older.supersededBy.length === 0 && older.status !== 'withdrawn') {
        older.status = 'replaced';
        older.supersededBy.push(plan.kpepNumber);
        plan.replaces.push(older.kpepNumber);
      }
    }
    const seeAlsoCount = plan.kpepNumber > 1 && random() < 0.4 ? 1 + Math.floor(random() * 3) : 0;
    for (let i = 0; i < seeAlsoCount; i++) {
      plan.seeAlso.push(1 + Math.floor(random() * (plan.kpepNumber - 1)));
    }
  }
  return plans;
}

function frontMatter(plan, random) {
  const year = 2019 + Math.floor(random() * 7);
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const lines = [
    '---',
    `kpep-number: ${plan.kpepNumber}`,
    `title: ${plan.title}`,
    `status: ${plan.status}`,
    `authors: [${Array.from({ length: 1 + Math.floor(random() * 3) }, () => `"${pick(random, HANDLES)}"`).join(', ')}]`,
    `creation-date: ${year}-${month}-0${1 + Math.floor(random() * 9)}`,
    `last-updated: ${year + 1}-${month}-1${Math.floor(random() * 9)}`,
    `repos: [${pick(random, REPOS)}, ${pick(random, REPOS)}]`,
    `reviewers: ["${pick(random, HANDLES)}"]`,
    `approvers: ["${pick(random, HANDLES)}"]`,
  ];
  if (plan.replaces.length > 0) {
    lines.push(`replaces: [${plan.replaces.join(', ')}]`);
  }
  if (plan.supersededBy.length > 0) {
    lines.push(`superseded-by: [${plan.supersededBy.map((n) => `"KPEP-${pad(n)}"`).join(', ')}]`);
  }
  if (plan.seeAlso.length > 0) {
    lines.push(`see-also: [${plan.seeAlso.map((n) => `"${pad(n)}"`).join(', ')}]`);
  }
  lines.push('---');
  return lines.join('\n');
}

function kpepReadme(plan, headings, directories, random) {
  const prose = new ProseWriter(random, plan.kpepNumber, directories);
  if (plan.realStyle) {
    const head = `${frontMatter(plan, random)}\n# KPEP-${pad(plan.kpepNumber)}: ${plan.title}\n\n`;
    return realStyleReadme({ head, headings, prose, random, bytes: plan.bytes });
  }
  // Later sections of upstream KEPs (Design Details, PRR) carry most of the text.
  const sections = headings.filter((heading) => !(heading.text.endsWith('(Optional)') && random() < 0.3));
  const weights = sections.map((heading) => (/Design Details|Production Readiness|Proposal|Test Plan/.test(heading.text) ? 6 : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const head = `${frontMatter(plan, random)}\n# KPEP-${pad(plan.kpepNumber)}: ${plan.title}\n\n`;
  const budget = plan.bytes - head.length - 40 * sections.length;
  const parts = [];
  const written = [];
  sections.forEach((heading, index) => {
    parts.push(`${'#'.repeat(heading.level)} ${heading.text}`);
    written.push(heading);
    // Drafts often keep a template comment or two: that is what template-guidance reports.
    if (heading.guidance && random() < 0.1) {
      parts.push(heading.guidance);
    }
    const target = (budget * weights[index]) / totalWeight;
    let bytes = 0;
    let story = 1;
    // Stop half a block early: the last block overshoots the target by half its length on average.
    do {
      // Long sections get sub-headings, as upstream KEPs do (Story 1, Alpha, Beta …).
      if (bytes > 0 && random() < 0.08) {
        const subheading = { level: Math.min(6, heading.level + 1), text: `${heading.text.replace(' (Optional)', '')} part ${story++}` };
        parts.push(`${'#'.repeat(subheading.level)} ${subheading.text}`);
        written.push(subheading);
      }
      const block = prose.block();
      parts.push(block);
      bytes += block.length + 2;
    } while (bytes + 250 < target);
  });
  // One document in ten has a toc nobody updated after adding a heading: toc-stale.
  const listed = random() < 0.1 ? written.slice(1) : written;
  const toc = ['<!-- toc -->', ...listed.map((heading) => `${'  '.repeat(heading.level - 2)}- [${heading.text}](#${slugOf(heading.text)})`), '<!-- /toc -->'].join('\n');
  return `${head}${toc}\n\n${parts.join('\n\n')}\n`;
}

/**
 * Writes the repository; returns its root, the path of the largest generated KPEP and of the largest
 * real-style one.
 */
export function generateRepository({ directory, count = 1000, seed = 7, style = 'generated' }) {
  const random = seededRandom(seed);
  const template = readFileSync(TEMPLATE_PATH, 'utf8');
  const headings = templateHeadings(template);
  const plans = planRepository(count, random, style);
  const directories = plans.map((plan) => plan.directory);
  const write = (path, text) => {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  };
  write('README.md', '# Kplane Enhancement Proposals\n\nSee templates/README.md to draft a KPEP.\n');
  write('templates/README.md', template);
  const largest = { generated: { path: '', bytes: 0 }, real: { path: '', bytes: 0 } };
  let totalBytes = 0;
  for (const plan of plans) {
    const path = `kpeps/${plan.directory}/README.md`;
    const text = kpepReadme(plan, headings, directories, random);
    write(path, text);
    totalBytes += Buffer.byteLength(text);
    const kind = plan.realStyle ? largest.real : largest.generated;
    if (text.length > kind.bytes) {
      Object.assign(kind, { path, bytes: text.length });
    }
  }
  return {
    root: directory,
    count,
    totalBytes,
    largestPath: largest.generated.path || largest.real.path,
    realStylePath: largest.real.path,
    paths: plans.map((plan) => `kpeps/${plan.directory}/README.md`),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { n: { type: 'string', default: '1000' }, seed: { type: 'string', default: '7' }, style: { type: 'string', default: 'generated' } },
  });
  const count = Number(values.n);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    console.error('--n must be an integer from 1 to 10000');
    process.exit(2);
  }
  const directory = positionals[0] ? resolve(positionals[0]) : mkdtempSync(join(tmpdir(), 'kpep-bench-'));
  if (values.style !== 'generated' && values.style !== 'real') {
    console.error('--style must be generated or real');
    process.exit(2);
  }
  const result = generateRepository({ directory, count, seed: Number(values.seed), style: values.style });
  console.log(`${result.count} KPEPs, ${(result.totalBytes / 1e6).toFixed(1)} MB in ${result.root}; largest ${result.largestPath}, real-style ${result.realStylePath}`);
}
