/**
 * Types of the message catalogue. English (`en/`) is the source: its keys and parameters are the contract every other
 * language is typed against. A message is a text with `{name}` placeholders, or a function of named parameters where
 * the wording depends on them (plurals).
 */

/** The `{name}` placeholders of a message text, as a union of names. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

/**
 * A parameter value: text is shown as given (callers escape user text), numbers with `String()`, and a catalogue
 * message (`{ key, params }`) is said in the same language as the message it sits in.
 */
export type ParamValue = string | number | { readonly key: string; readonly params?: unknown };

/** What a message of one language may be: a text, or a function of its parameters. */
export type Message = string | ((params: never) => string);

/** The parameters a message takes: a function's argument, or one value per placeholder; undefined when none. */
export type ParamsOfMessage<M> = M extends (params: infer P) => string
  ? P
  : M extends string
    ? [Placeholders<M>] extends [never]
      ? undefined
      : { readonly [N in Placeholders<M>]: ParamValue }
    : never;

/**
 * Another language's messages for a catalogue part: the same keys; a text for each text (its placeholders checked by
 * the catalogue test), a function of the same parameters for each function.
 */
export type Translation<Source> = {
  readonly [K in keyof Source]: Source[K] extends string ? string : Source[K];
};
