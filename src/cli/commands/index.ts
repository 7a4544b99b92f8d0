import type {Command} from '../define-command.ts';
import {captionsCommand} from './captions.ts';
import {durationCommand} from './duration.ts';
import {loudnessCommand} from './loudness.ts';
import {planCommand} from './plan.ts';
import {prepareCommand} from './prepare.ts';
import {pruneCommand} from './prune.ts';
import {voicesCommand} from './voices.ts';

/** Every command, in the order help and the README list them. */
export const COMMANDS: readonly Command[] = [prepareCommand, planCommand, captionsCommand, pruneCommand, voicesCommand, durationCommand, loudnessCommand];
