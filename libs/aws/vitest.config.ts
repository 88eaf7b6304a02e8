import { mergeConfig } from 'vitest/config';
import { survVitestConfig } from '../../vitest.shared';

// s3rver encrypts list continuation tokens with DES, which Node 17+ only offers with the legacy provider.
export default mergeConfig(survVitestConfig({ testTimeout: 30_000 }), {
  test: { execArgv: ['--openssl-legacy-provider'], hookTimeout: 30_000 },
});
