// Row 7 on its own, for `inFreshProcess`: its report as JSON on stdout, progress on stderr.
import {alignRow} from './align-row.ts';

process.stdout.write(JSON.stringify(await alignRow({id: '7'})));
