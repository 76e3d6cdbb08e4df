package org.capif.events.log;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.capif.common.api.InvocationLog;
import org.capif.common.api.Log;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvocationLogEvent;
import org.capif.events.notification.CAPIFEventDetail;
import org.capif.events.notification.Concerned;
import org.capif.events.notification.FanOut;
import org.capif.events.notification.Occurrence;
import org.capif.events.source.SourceEvents;
import org.capif.events.subscription.CapifEventType;

/**
 * Stores invocation logs, in the caller's transaction, together with what they cause: one row per {@code Log}, one
 * {@link InvocationLogEvent} in the outbox for the invocation log topic, and a {@code SERVICE_API_INVOCATION_SUCCESS}
 * (result 2xx) or {@code _FAILURE} (anything else) event per {@code Log} for the subscriptions that want it.
 */
@ApplicationScoped
public class LogStore {

    /** Logs to store: one {@code InvocationLog} of one AEF about one invoker. */
    public record Batch(String logId, String source, UUID sourceEventId, String domainId, InvocationLog log) {}

    private final FanOut fanOut;
    private final String topic;
    private final Clock clock;

    public LogStore(FanOut fanOut, CommonConfig common, Clock clock) {
        this.fanOut = fanOut;
        this.topic = common.topics().invocationLogs();
        this.clock = clock;
    }

    public Uni<Void> store(SqlConnection tx, List<Batch> batches) {
        if (batches.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>();
        List<Tuple> outbox = new ArrayList<>();
        Set<String> apiIds = new LinkedHashSet<>();
        var storedAt = clock.instant().atOffset(ZoneOffset.UTC);
        for (Batch b : batches) {
            for (Log l : b.log().logs()) {
                apiIds.add(l.apiId());
                rows.add(Tuple.from(Arrays.asList(
                        b.logId(),
                        b.source(),
                        b.sourceEventId(),
                        b.domainId(),
                        b.log().aefId(),
                        b.log().apiInvokerId(),
                        l.apiId(),
                        l.apiName(),
                        l.apiVersion(),
                        l.resourceName(),
                        l.uri(),
                        l.protocol(),
                        l.operation(),
                        l.result(),
                        l.invocationTime(),
                        l.invocationLatency(),
                        l.inputParameters() == null ? null : EventCodec.encode(l.inputParameters()),
                        l.outputParameters() == null ? null : EventCodec.encode(l.outputParameters()),
                        l.srcInterface() == null ? null : EventCodec.encode(l.srcInterface()),
                        l.destInterface() == null ? null : EventCodec.encode(l.destInterface()),
                        l.fwdInterface(),
                        b.log().supportedFeatures(),
                        storedAt)));
            }
            InvocationLogEvent event = new InvocationLogEvent(
                    UUID.randomUUID(),
                    InvocationLogEvent.SCHEMA_VERSION,
                    storedAt.toInstant(),
                    b.logId(),
                    b.source(),
                    b.domainId(),
                    b.log());
            outbox.add(Tuple.from(Arrays.asList(
                    topic, b.log().aefId(), event.eventId(), "INVOCATION_LOG", EventCodec.encode(event))));
        }
        return tx.preparedQuery("insert into invocation_log (log_id, source, source_event_id, api_prov_dom_id, aef_id,"
                        + " api_invoker_id, api_id, api_name, api_version, resource_name, uri, protocol, operation,"
                        + " result, invocation_time, invocation_latency, input_parameters, output_parameters,"
                        + " src_interface, dest_interface, fwd_interface, supported_features, stored_at) values ($1,"
                        + " $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::text::jsonb,"
                        + " $20::text::jsonb, $21, $22, $23)")
                .executeBatch(rows)
                .chain(() -> tx.preparedQuery("insert into outbox (topic, message_key, event_id, event_type, payload)"
                                + " values ($1, $2, $3, $4, $5)")
                        .executeBatch(outbox))
                .chain(() -> SourceEvents.owners(tx, apiIds, List.of()))
                .chain(owners -> {
                    List<Occurrence> occurrences = new ArrayList<>();
                    for (Batch b : batches) {
                        List<Log> logs = b.log().logs();
                        for (int i = 0; i < logs.size(); i++) {
                            Log l = logs.get(i);
                            SourceEvents.Owners own =
                                    owners.of(List.of(l.apiId()), b.log().aefId());
                            Set<String> domains = new LinkedHashSet<>(own.domains());
                            domains.add(b.domainId());
                            occurrences.add(Occurrence.of(
                                    Occurrence.id(b.sourceEventId() != null ? b.sourceEventId() : uuid(b.logId()), i),
                                    success(l.result())
                                            ? CapifEventType.SERVICE_API_INVOCATION_SUCCESS
                                            : CapifEventType.SERVICE_API_INVOCATION_FAILURE,
                                    new Concerned(
                                            Set.of(b.log().apiInvokerId()),
                                            Set.of(b.log().aefId()),
                                            own.apfs(),
                                            domains,
                                            Set.of(l.apiId()),
                                            false),
                                    new CAPIFEventDetail(
                                            null,
                                            null,
                                            null,
                                            null,
                                            List.of(new InvocationLog(
                                                    b.log().aefId(),
                                                    b.log().apiInvokerId(),
                                                    List.of(l),
                                                    b.log().supportedFeatures())))));
                        }
                    }
                    return fanOut.enqueue(tx, occurrences);
                })
                .replaceWithVoid();
    }

    /** Whether a {@code Log.result} is a success: an HTTP status from 200 to 299. */
    static boolean success(String result) {
        return result != null
                && result.length() == 3
                && result.charAt(0) == '2'
                && result.chars().allMatch(Character::isDigit);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
