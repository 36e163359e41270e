package dev.aigateway.logs;

/** One request's row, and its bodies when they are stored (else null), ready to be inserted. */
record LogRow(RequestLogEntity log, LogPayloadEntity payload) {}
