import { SurvError } from '@surv/domain';

export type SimulatorErrorCode = 'SIMULATOR_OPTIONS_INVALID';

/** Errors of `@surv/simulator`: options outside what the simulator can produce. */
export class SimulatorError extends SurvError<SimulatorErrorCode> {}
