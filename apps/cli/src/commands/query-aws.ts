import { LAKE_PREFIXES, isSurvError } from '@surv/domain';
import { AthenaQueryEngine, type AthenaQueryResult } from '@surv/aws';
import { type CliIo } from '../command';
import { type ParsedArgs } from '../args';
import { resolveAwsTarget } from '../aws-target';
import { athenaClient, placeOf } from '../aws/aws-clients';
import { awsFailure } from '../aws/aws-failure';
import { CliError } from '../errors';

const NAME = 'query';

/** Runs SQL in the stack's Athena workgroup and database; SDK failures become errors that say what to check. */
export const queryOnAws = async (sql: string, flags: ParsedArgs['flags'], io: CliIo): Promise<AthenaQueryResult> => {
  const env = io.env ?? {};
  const aws = await resolveAwsTarget({ flags, env, cwd: io.cwd, command: NAME, need: ['workGroup', 'database'], optional: ['lakeBucket'] });
  const client = athenaClient(aws, env);
  const engine = new AthenaQueryEngine({
    client,
    workGroup: aws.workGroup,
    database: aws.database,
    ...(aws.lakeBucket !== undefined ? { outputLocation: `s3://${aws.lakeBucket}/${LAKE_PREFIXES.athenaResults}` } : {}),
  });
  try {
    return await engine.query(sql);
  } catch (e) {
    // The engine wraps SDK failures (network, credentials) in ATHENA_CALL_FAILED with the SDK error as cause.
    if (isSurvError(e) && e.code === 'ATHENA_CALL_FAILED' && e.cause !== undefined) {
      const failure = awsFailure(e.cause, {
        service: 'Athena', resource: `workgroup '${aws.workGroup}'`, place: placeOf('athena', aws, env), hint: `surv ${NAME} --target aws --outputs cdk-outputs.json`,
      });
      if (failure.detailCode !== 'AWS_CALL_FAILED') throw failure;
    }
    // Athena refusing the SQL itself (syntax, unknown table or column) is refused input, like DuckDB's refusals.
    if (isSurvError(e) && e.code === 'ATHENA_QUERY_FAILED' && /\b(SYNTAX_ERROR|TABLE_NOT_FOUND|COLUMN_NOT_FOUND|SCHEMA_NOT_FOUND|FUNCTION_NOT_FOUND|TYPE_MISMATCH)\b|mismatched input/.test(e.message)) {
      throw new CliError('CLI_INPUT_REJECTED', e.message, { detailCode: e.code, cause: e, hint: `surv ${NAME} --help` });
    }
    throw e;
  } finally {
    client.destroy();
  }
};
