package dev.aigateway.logs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The request and response bodies of a logged request, kept apart from the rows that lists read. */
@Entity
@Table(name = "request_log_payloads")
public class LogPayloadEntity {

    @Id
    @Column(name = "log_id")
    public UUID logId;

    @Column(name = "request_body")
    public byte[] requestBody;

    @Column(name = "response_body")
    public byte[] responseBody;

    @Column(name = "request_truncated")
    public boolean requestTruncated;

    @Column(name = "response_truncated")
    public boolean responseTruncated;
}
