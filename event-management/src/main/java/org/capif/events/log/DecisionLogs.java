package org.capif.events.log;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.capif.common.api.AefProfile;
import org.capif.common.api.InvocationLog;
import org.capif.common.api.Log;
import org.capif.common.event.DecisionLogEvent;
import org.capif.common.event.EventProjection;
import org.capif.common.outbox.OutboxRelay;
import org.capif.events.delivery.Deliverer;
import org.capif.events.view.Views;
import org.jboss.logging.Logger;

/**
 * Turns the token validator's decisions into invocation logs (TS 29.222 §8.7), so that AEFs behind the validator are
 * auditable without code of their own. Per decision one {@code InvocationLog} with one {@code Log}: the API and its
 * version and protocol as published at that AEF ({@code unknown} if it is not), {@code resourceName} {@value #ANY}
 * (the validator does not see the resource), {@code result} the status the invoker is answered ({@link
 * DecisionLogEvent#invocationStatus()}: 200 for ALLOW, 403 for a reason of scope or policy, 401 for any other denial), and {@code outputParameters} the decision and its reason. The
 * invoker is named only if the token verified ({@value #UNAUTHENTICATED} otherwise). Records are stored once, by their
 * event id, whatever is consumed twice; invalid records are counted and skipped; a batch that the database refuses for
 * now is retried with back-off.
 */
@ApplicationScoped
public class DecisionLogs {

    private static final Logger LOG = Logger.getLogger(DecisionLogs.class);

    static final String ANY = "*";
    static final String UNAUTHENTICATED = "unauthenticated";
    static final String UNKNOWN = "unknown";
    static final String SOURCE = "token-validator";

    private final Pool pool;
    private final LogStore store;
    private final OutboxRelay relay;
    private final Deliverer deliverer;
    private final Counter stored;
    private final Counter invalid;
    private final Counter unattributed;

    public DecisionLogs(Pool pool, LogStore store, OutboxRelay relay, Deliverer deliverer, MeterRegistry registry) {
        this.pool = pool;
        this.store = store;
        this.relay = relay;
        this.deliverer = deliverer;
        this.stored = registry.counter("capif.events.decision_logs", "outcome", "stored");
        this.invalid = registry.counter("capif.events.decision_logs", "outcome", "invalid");
        this.unattributed = registry.counter("capif.events.decision_logs", "outcome", "unattributed");
    }

    public Uni<Void> consume(List<String> payloads) {
        List<DecisionLogEvent> decisions = new ArrayList<>();
        for (String p : payloads) {
            try {
                decisions.add(DecisionLogEvent.decode(p));
            } catch (IllegalArgumentException e) {
                invalid.increment();
                LOG.warnf("decision log record skipped: %s", e.getMessage());
            }
        }
        if (decisions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .deferred(() -> pool.withTransaction(tx -> storeNew(tx, decisions)))
                .onFailure(EventProjection::transientFailure)
                .invoke(e -> LOG.warnf("decision logs not stored yet, retrying: %s", e.toString()))
                .onFailure(EventProjection::transientFailure)
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely()
                .invoke(n -> {
                    stored.increment(n);
                    if (n > 0) {
                        relay.wakeUp();
                        deliverer.wakeUp();
                    }
                })
                .onFailure()
                .recoverWithItem(e -> {
                    invalid.increment(decisions.size());
                    LOG.errorf("decision logs refused by the database, skipped: %s", e.toString());
                    return 0;
                })
                .replaceWithVoid();
    }

    private Uni<Integer> storeNew(SqlConnection tx, List<DecisionLogEvent> decisions) {
        UUID[] ids = decisions.stream().map(DecisionLogEvent::eventId).toArray(UUID[]::new);
        return tx.preparedQuery("select source_event_id from invocation_log where source_event_id = any($1)")
                .execute(Tuple.of(ids))
                .chain(rows -> {
                    Set<UUID> known = new HashSet<>();
                    rows.forEach(r -> known.add(r.getUUID(0)));
                    List<DecisionLogEvent> fresh = new ArrayList<>();
                    Set<UUID> seen = new HashSet<>();
                    for (DecisionLogEvent d : decisions) {
                        if (!known.contains(d.eventId()) && seen.add(d.eventId())) {
                            fresh.add(d);
                        }
                    }
                    Set<String> aefs = new LinkedHashSet<>();
                    fresh.forEach(d -> aefs.add(d.aefId()));
                    return Views.functions(tx, aefs)
                            .chain(functions -> apis(tx, fresh).chain(apis -> {
                                List<LogStore.Batch> batches = new ArrayList<>();
                                for (DecisionLogEvent d : fresh) {
                                    Views.Function aef = functions.get(d.aefId());
                                    if (aef == null) {
                                        unattributed.increment();
                                        continue;
                                    }
                                    batches.add(new LogStore.Batch(
                                            d.eventId().toString(),
                                            SOURCE,
                                            d.eventId(),
                                            aef.domainId(),
                                            log(d, apis.get(key(d)))));
                                }
                                return store.store(tx, batches).replaceWith(batches.size());
                            }));
                });
    }

    /** The published API of each (AEF, API name) of the decisions, if any. */
    private static Uni<Map<String, Optional<Views.Api>>> apis(SqlConnection tx, List<DecisionLogEvent> decisions) {
        Map<String, Optional<Views.Api>> out = new HashMap<>();
        Uni<Void> all = Uni.createFrom().voidItem();
        for (DecisionLogEvent d : decisions) {
            String k = key(d);
            if (d.apiName() == null || out.containsKey(k)) {
                continue;
            }
            out.put(k, Optional.empty());
            all = all.chain(() -> Views.publishedAt(tx, d.aefId(), d.apiName())
                    .invoke(api -> out.put(k, api))
                    .replaceWithVoid());
        }
        return all.replaceWith(out);
    }

    private static String key(DecisionLogEvent d) {
        return d.aefId() + "\n" + d.apiName();
    }

    static InvocationLog log(DecisionLogEvent d, Optional<Views.Api> published) {
        Optional<AefProfile> profile = published == null
                ? Optional.empty()
                : published.flatMap(a -> a.description().activeProfile(d.aefId()));
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("decision", d.allowed() ? "ALLOW" : "DENY");
        output.put("reason", d.reason());
        Log log = new Log(
                published == null ? UNKNOWN : published.map(Views.Api::apiId).orElse(UNKNOWN),
                d.apiName() == null ? UNKNOWN : d.apiName(),
                profile.filter(p -> p.versions() != null && !p.versions().isEmpty())
                        .map(p -> p.versions().get(0).apiVersion())
                        .orElse(UNKNOWN),
                ANY,
                null,
                profile.map(AefProfile::protocol).orElse("HTTP_1_1"),
                null,
                String.valueOf(d.invocationStatus()),
                d.occurredAt().atOffset(ZoneOffset.UTC),
                null,
                null,
                output,
                null,
                null,
                null);
        return new InvocationLog(
                d.aefId(), d.apiInvokerId() == null ? UNAUTHENTICATED : d.apiInvokerId(), List.of(log), null);
    }
}
