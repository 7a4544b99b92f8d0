import {BaseSequencer, type TestSpecification} from 'vitest/node';

/**
 * The test files that take longest on the 2-core machine (bundles, renders, a Studio, an npm
 * install), longest first, as measured in a whole run. The rest follow in vitest's own order.
 */
export const HEAVIEST_FILES = [
  'test/e2e/studio.test.ts',
  'test/e2e/packed-install.test.ts',
  'test/e2e/end-to-end.test.ts',
  'test/e2e/captions-and-ducking.test.ts',
  'test/e2e/paragraphs.test.ts',
  'test/e2e/product-tour.test.ts',
  'test/prepare/watch-project.test.ts',
  'test/providers/draft-voice.test.ts',
  'test/prepare/interruption.test.ts',
  'test/cli/cli.test.ts',
  'test/prepare/fault-matrix.test.ts',
  'test/cli/prepare-watch.test.ts',
  'test/prepare/long-draft-run.test.ts',
  'test/e2e/stop-signals.test.ts',
  'test/align/measure-word-timing.test.ts',
  'test/prepare/prepare-lock.test.ts',
];

/**
 * Runs the heaviest test files first. Vitest starts the files it remembers as slowest first, but
 * in a fresh clone (as in CI) it remembers nothing and starts the largest ones: a long file that
 * starts last then runs alone at the end while the other workers have nothing left to do.
 */
export class HeaviestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = HEAVIEST_FILES.findIndex((heavy) => file.moduleId.endsWith(`/${heavy}`));
      return index === -1 ? HEAVIEST_FILES.length : index;
    };
    // Projects stay in vitest's order (they run one after the other); within one, the heaviest
    // first, and files of the same rank in vitest's order.
    const projects = [...new Set(sorted.map((file) => file.project.name))];
    return sorted
      .map((file, position) => ({file, position, project: projects.indexOf(file.project.name), rank: rank(file)}))
      .sort((a, b) => a.project - b.project || a.rank - b.rank || a.position - b.position)
      .map(({file}) => file);
  }
}
