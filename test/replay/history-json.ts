import path from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = proto.temporal.api.history.v1.IHistory;
type ProtoJson = {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
};

/**
 * A history to and from the JSON that `temporal workflow show --output json` writes.
 *
 * Not `historyToJSON`/`historyFromJSON` of @temporalio/common: here npm keeps two copies of
 * protobufjs 8 (one under @temporalio/common, one under @temporalio/proto, since gRPC's
 * protobufjs 7 holds the top level), and those functions hand the proto package's types to the
 * other copy, which refuses them ("type must be a Type"). The protojson of the copy that
 * @temporalio/proto itself loads works whatever the layout.
 */
const protoDir = path.dirname(require.resolve('@temporalio/proto/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protojson = require(require.resolve('protobufjs/ext/protojson', { paths: [protoDir] })) as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

export function historyToJson(history: History): unknown {
  return protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history));
}

/** A History message (event ids as Longs), which `Worker.runReplayHistories` takes as it is. */
export function historyFromJson(json: unknown): History {
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}
