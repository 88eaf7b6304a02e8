import { survLambdaBundle } from '../../tsup.lambda';

export default survLambdaBundle();
