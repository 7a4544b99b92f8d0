// Row 8 on its own, for `inFreshProcess`: its report as JSON on stdout, progress on stderr.
// `--explain` times the parts of row 8b's warm prepare even when its goal is met.
import {longCourseRow} from './long-course-row.ts';

process.stdout.write(JSON.stringify(await longCourseRow({explain: process.argv.slice(2).includes('--explain')})));
