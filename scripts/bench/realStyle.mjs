// Real-style KPEPs: the shape proposals written against an upstream-style template have, which the
// generated corpus lacks. Every heading of the template in order, each keeping its guidance comment;
// a Release Signoff checklist whose items point at link reference definitions; an mdtoc-style toc
// of every heading down to level 5; a long Production Readiness Review questionnaire of `######`
// questions, each with its own comment; Design Details with test-plan coverage lists and Alpha /
// Beta / GA criteria; more comments scattered through the answers. The words are the generator's.

/** Upstream-style checklist labels, defined at the end of the Release Signoff Checklist. */
const CHECKLIST_LINKS = [
  ['kplane.dev', 'https://kplane.dev/'],
  ['kplane/kpeps', 'https://git.example/kplane/kpeps'],
  ['kplane/kplane', 'https://git.example/kplane/kplane'],
  ['kplane/docs', 'https://git.example/kplane/docs'],
  ['kplane/website', 'https://git.example/kplane/website'],
  ['supported limits', 'https://git.example/kplane/community/blob/main/scalability-limits.md'],
];

const CHECKLIST = [
  '(R) Enhancement issue in release milestone, which links to the KPEP dir in [kplane/kpeps] (not the initial KPEP PR)',
  '(R) KPEP approvers have approved the KPEP status as `implementable`',
  '(R) Design details are appropriately documented',
  '(R) Test plan is in place, giving consideration to the owners of each affected repo',
  '(R) e2e tests in every repo the change touches, linked from the KPEP',
  '(R) Graduation criteria is in place',
  '(R) all GA endpoints are hit by conformance tests',
  '(R) Production readiness review completed',
  '(R) Production readiness review approved',
  '"Implementation History" section is up-to-date for milestone',
  'User-facing documentation has been created in [kplane/docs], for publication to [kplane.dev]',
  'Supporting documentation (design docs, discussions of the API, feature flags) is linked from the [kplane/website] issue, and stays within the [supported limits]',
];

/** The questionnaire: each group a `###` heading, each question a `######` heading. */
const QUESTIONNAIRE = [
  ['Feature Enablement and Rollback', [
    'How can an operator turn this feature on or off in a running installation?',
    'Does turning it on change any default behaviour?',
    'Can it be turned off again once on, and what happens to objects written while it was on?',
    'What happens when it is turned on again after being turned off?',
    'Are there unit tests for switching the feature gate on and off?',
  ]],
  ['Rollout, Upgrade and Rollback Planning', [
    'How can a rollout or rollback fail, and can it affect workloads already running?',
    'Which metrics should tell an operator that a rollback is needed?',
    'Was the upgrade, downgrade and upgrade again path tested by hand?',
    'Does this deprecate or remove any feature, API, field or flag?',
  ]],
  ['Monitoring Requirements', [
    'How can an operator tell that the feature is in use by workloads?',
    'How can someone using it know that it works for their instance?',
    'What are the reasonable service level objectives for the enhancement?',
    'Which service level indicators show that the service is healthy?',
    'Are there missing metrics that would make the feature easier to observe?',
  ]],
  ['Dependencies', [
    'Does this feature depend on any specific services running in the cluster?',
  ]],
  ['Scalability', [
    'Will enabling or using this feature result in any new API calls?',
    'Will it result in new API types?',
    'Will it result in new calls to the cloud provider?',
    'Will it increase the size or count of existing API objects?',
    'Will it increase the time taken by operations covered by existing service level objectives?',
    'Will it increase the resource usage of any component (CPU, memory, disk, IO)?',
    'Can it exhaust node resources such as process ids, sockets or inodes?',
  ]],
  ['Troubleshooting', [
    'How does the feature react when the API server or the storage backend is unavailable?',
    'What are the other known failure modes?',
    'What steps should be taken when the service level objectives are not met?',
  ]],
];

const PHASES = ['Alpha', 'Beta', 'GA', 'Deprecation'];

function slugOf(heading) {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

/**
 * One real-style KPEP of about `bytes` (the prose grows until it is reached). `prose` is the
 * generator's ProseWriter for this KPEP, `head` its front matter and H1, `headings` the template's
 * headings with their guidance comments.
 */
export function realStyleReadme({ head, headings, prose, random, bytes }) {
  const sections = [];
  const written = [];
  const add = (level, text, ...blocks) => {
    const section = { level, text, blocks };
    sections.push(section);
    written.push(section);
    return section;
  };
  const comment = () => `<!--\n${prose.paragraph()}\n-->`;
  for (const heading of headings) {
    // Upstream proposals keep the template's comment under almost every heading.
    const section = add(heading.level, heading.text, ...(heading.guidance ? [heading.guidance] : []));
    if (heading.text === 'Release Signoff Checklist') {
      section.blocks.push(
        'Items marked with (R) are required *prior to targeting to a milestone / release*.',
        CHECKLIST.map((item, index) => `- [${index < 4 ? 'x' : ' '}] ${item}`).join('\n'),
        '**Note:** This checklist is iterative and should be reviewed and updated every time this enhancement is being considered for a milestone.',
        CHECKLIST_LINKS.map(([label, url]) => `[${label}]: ${url}`).join('\n'),
      );
    } else if (heading.text === 'Test Plan') {
      section.blocks.push('[x] I/we understand the owners of the involved components may require updates to\nexisting tests to make this code solid enough prior to committing the changes necessary\nto implement this enhancement.');
      add(5, 'Prerequisite testing updates', comment());
      add(5, 'Unit tests', comment(), Array.from({ length: 6 }, () => `- \`pkg/${pickWord(prose)}/${pickWord(prose)}\`: \`2026-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}\` - \`${40 + Math.floor(random() * 60)}%\``).join('\n'));
      add(5, 'Integration tests', comment(), '- <test>: <link to test coverage>');
      add(5, 'e2e tests', comment(), '- <test>: <link to test coverage>');
    } else if (heading.text === 'Graduation Criteria') {
      for (const phase of PHASES) {
        add(4, phase, Array.from({ length: 3 + Math.floor(random() * 4) }, () => `- ${prose.sentence()}`).join('\n'));
      }
    } else if (heading.text === 'Production Readiness Review Questionnaire') {
      section.blocks.push(comment());
      for (const [group, questions] of QUESTIONNAIRE) {
        add(3, group, comment());
        for (const question of questions) {
          // The question's own guidance comment, then the answer.
          add(6, question, comment());
        }
      }
    } else if (heading.text === 'User Stories (Optional)') {
      add(4, 'Story 1');
      add(4, 'Story 2');
    } else if (heading.text === 'Implementation History') {
      section.blocks.push(Array.from({ length: 6 }, (_, index) => `- 202${index % 7}-0${1 + index}-1${index}: ${prose.sentence()}`).join('\n'));
    }
  }
  const toc = ['<!-- toc -->', ...written.filter((section) => section.level <= 5).map((section) => `${'  '.repeat(section.level - 2)}- [${section.text}](#${slugOf(section.text)})`), '<!-- /toc -->'].join('\n');
  const render = () => `${head}${toc}\n\n${sections.map((section) => [`${'#'.repeat(section.level)} ${section.text}`, ...section.blocks].join('\n\n')).join('\n\n')}\n`;
  // Answers grow where upstream proposals grow: Design Details, the questionnaire, the test plan.
  // Every section but the checklist gets some; the heavy ones are drawn four times as often.
  const heavy = sections.filter((section) => section.level === 6 || /^(Proposal|Design Details|Story \d|Risks and Mitigations|Alpha|Beta|Alternatives)$/.test(section.text));
  const growing = [...sections.filter((section) => section.text !== 'Release Signoff Checklist'), ...heavy, ...heavy, ...heavy];
  for (const section of growing.slice(0, sections.length)) {
    section.blocks.push(prose.paragraph());
  }
  let size = render().length;
  while (size < bytes) {
    const section = growing[Math.floor(random() * growing.length)];
    const block = random() < 0.06 ? comment() : prose.block();
    section.blocks.push(block);
    size += block.length + 2;
  }
  return render();
}

function pickWord(prose) {
  return prose.sentence().split(' ')[1].replace(/[^a-z]/g, '') || 'core';
}
