/**
 * JSON of maintkit's results through Jackson 2: {@link io.maintkit.jackson.MaintkitModule}.
 *
 * <h2>Field names</h2>
 * Field names are stable; new fields may be added, none is renamed or removed without a major version. Enum
 * values are written as their Java names ({@code WARNING}, {@code BLOCKS_WRITES}, {@code SUCCEEDED}); instants as
 * ISO-8601 strings in UTC ({@code 2026-11-30T02:00:00Z}); durations as a number of seconds, with up to nine
 * decimals, in fields whose names end in {@code Seconds}; sizes as a number of bytes in fields whose names end in
 * {@code Bytes}.
 * <table>
 *   <caption>JSON objects</caption>
 *   <tr><th>type</th><th>fields</th></tr>
 *   <tr><td>{@code Measurement}</td><td>{@code name}, {@code value} (a number), {@code unit} (one of
 *       {@code bytes}, {@code percent}, {@code seconds}, {@code count})</td></tr>
 *   <tr><td>{@code Finding}</td><td>{@code checkId}, {@code kind}, {@code subject}, {@code severity},
 *       {@code summary}, {@code measurements} (array), {@code details} (object of strings)</td></tr>
 *   <tr><td>{@code CheckResult}</td><td>{@code checkId}, {@code target}, {@code start}, {@code durationSeconds},
 *       {@code outcome} ({@code COMPLETED} or {@code COULD_NOT_RUN}), {@code reason} (empty when completed),
 *       {@code worst} (written, ignored when read), {@code findings} (array)</td></tr>
 *   <tr><td>{@code SuiteResult}</td><td>{@code name}, {@code start}, {@code durationSeconds}, {@code worst}
 *       (written, ignored when read), {@code results} (array of check results)</td></tr>
 *   <tr><td>{@code EstimatedCost}</td><td>{@code readsBytes}, {@code extraDiskBytes}, {@code freesBytes}</td></tr>
 *   <tr><td>{@code MaintenanceAction}</td><td>{@code target}, {@code command}, {@code reason},
 *       {@code lockImpact} ({@code NONE}, {@code BLOCKS_WRITES}, {@code BLOCKS_READS_AND_WRITES}),
 *       {@code destructive}, {@code cost}</td></tr>
 *   <tr><td>{@code MaintenancePlan}</td><td>{@code name}, {@code totalCost}, {@code actions} (array)</td></tr>
 *   <tr><td>{@code ActionExecution}</td><td>{@code action}, {@code outcome}, {@code detail}, {@code start},
 *       {@code durationSeconds}, {@code measurements}</td></tr>
 *   <tr><td>{@code ExecutionReport}</td><td>{@code planName}, {@code start}, {@code durationSeconds},
 *       {@code worst}, {@code executions} (array)</td></tr>
 *   <tr><td>{@code TierResult}</td><td>{@code tier}, {@code start}, {@code durationSeconds}, {@code ran},
 *       {@code skipReason}, {@code worst}, {@code checks} (a suite result or {@code null}), {@code tasks} (array of
 *       {@code task}, {@code plan} or {@code null}, {@code execution} or {@code null}, {@code failure})</td></tr>
 * </table>
 *
 * <p>Findings, measurements, check results and suite results are read back. Plans, execution reports and tier
 * results are written only: a {@code MaintenanceAction} read from JSON could not run, so reading one back would
 * hand out a value that pretends to be executable.
 */
package io.maintkit.jackson;
