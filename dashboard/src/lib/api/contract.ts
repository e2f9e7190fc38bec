/**
 * Types derived from the API contract (`schema.gen.ts`, generated from
 * /api/v1/openapi.json by `npm run api:types`): named schemas, and the response,
 * body and query of any operation, looked up by the path a page passes to `api()`.
 */
import type { components, paths } from "./schema.gen";

export type { components, paths };
export type Schemas = components["schemas"];
/** A named schema of the document, e.g. `Schema<"ConversationDetail">`. */
export type Schema<N extends keyof Schemas> = Schemas[N];

export type ApiPath = keyof paths & string;
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Lower<M extends HttpMethod> = Lowercase<M>;

type Split<P extends string> = P extends `${infer A}/${infer B}` ? [A, ...Split<B>] : [P];
type SegmentMatches<L extends string, T extends string> = T extends `{${string}}`
  ? L extends "" ? false : L extends `${string}/${string}` ? false : true
  : L extends T ? true : false;
type SegmentsMatch<L extends string[], T extends string[]> = L extends [infer L0 extends string, ...infer LR extends string[]]
  ? T extends [infer T0 extends string, ...infer TR extends string[]]
    ? SegmentMatches<L0, T0> extends true ? SegmentsMatch<LR, TR> : false
    : false
  : T extends [] ? true : false;

/** The documented path a concrete URL path is an instance of (`/api/v1/conversations/${id}` → `/api/v1/conversations/{id}`); literal segments win over parameters. */
export type PathOf<L extends string> = L extends ApiPath
  ? L
  : { [P in ApiPath]: SegmentsMatch<Split<L>, Split<P>> extends true ? P : never }[ApiPath];

type Operation<P extends ApiPath, M extends HttpMethod> = Lower<M> extends keyof paths[P] ? NonNullable<paths[P][Lower<M>]> : never;
type JsonContent<R> = R extends { content: { "application/json": infer J } } ? J : R extends { content?: never } ? undefined : unknown;
type Success<R> = R extends Record<200, infer A> ? A : R extends Record<201, infer B> ? B : R extends Record<204, infer C> ? C : never;

/** The JSON a successful call answers (undefined for 204). */
export type ResponseOf<P extends ApiPath, M extends HttpMethod> = Operation<P, M> extends { responses: infer R } ? JsonContent<Success<R>> : unknown;
/** The JSON body an operation takes. */
export type BodyOf<P extends ApiPath, M extends HttpMethod> = Operation<P, M> extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
/** The query parameters an operation takes. */
export type QueryOf<P extends ApiPath, M extends HttpMethod> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** What `api(path, opts)` resolves to when the caller names no type: the documented response of that path and method. */
export type Answer<L extends string, M extends HttpMethod> = [PathOf<L>] extends [never] ? unknown : PathOf<L> extends infer P extends ApiPath ? ResponseOf<P, M> : unknown;

/** A body the multipart routes take (uploads, imports). */
export type FormBody = FormData | Blob;

/**
 * What `api(path, { method, body })` accepts as `body`: the operation's documented
 * JSON body (or a form for an upload); anything for a path the document does not
 * know or an operation that documents no JSON body.
 */
export type BodyArg<L extends string, M extends HttpMethod> = [PathOf<L>] extends [never]
  ? unknown
  : PathOf<L> extends infer P extends ApiPath
    ? [BodyOf<P, M>] extends [never]
      ? unknown
      : BodyOf<P, M> | FormBody
    : unknown;
