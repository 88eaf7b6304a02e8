import { survVitestConfig } from '../../vitest.shared';

export default survVitestConfig();
