import { type Command } from '../command';
import { demoCommand } from './demo';
import { produceCommand } from './produce';
import { scanCommand } from './scan';
import { queryCommand } from './query';
import { reportCommand } from './report';
import { catalogCommand } from './catalog';
import { evalCommand } from './eval';
import { sqlCheckCommand } from './sql/check';
import { sqlRunCommand } from './sql/run';

/** Every `surv` command, in the order `surv --help` lists them. */
export const COMMANDS: readonly Command[] = [demoCommand, produceCommand, scanCommand, queryCommand, reportCommand, catalogCommand, evalCommand, sqlRunCommand, sqlCheckCommand];
