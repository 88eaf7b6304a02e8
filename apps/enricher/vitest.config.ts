import { mergeConfig } from 'vitest/config';
import { survVitestConfig } from '../../vitest.shared';

// The integration test builds SDK clients the way the Lambda does (default credential chain), so give
// that chain dummy keys: the local servers accept any signature, and no test reaches beyond 127.0.0.1.
export default mergeConfig(survVitestConfig({ testTimeout: 60_000 }), {
  test: { env: { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' } },
});
