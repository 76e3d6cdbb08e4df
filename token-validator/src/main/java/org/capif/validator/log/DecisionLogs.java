package org.capif.validator.log;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.capif.common.cert.CapifIdentity;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.DecisionLogEvent;
import org.capif.validator.ValidatorConfig;
import org.capif.validator.state.Reason;
import org.jboss.logging.Logger;

/**
 * Invocation logs made by the validator (TS 29.222 §8.7 on the AEF's behalf): every decision for an AEF the operator
 * listed in {@code capif.invocation-log.aefs} ({@code *}: all) becomes a {@link DecisionLogEvent} on
 * {@code capif.decision-logs}, keyed by the AEF, which event management stores as the AEF's invocation log, so AEFs
 * behind the validator are auditable without code of their own. The event names the invoker only if the token verified
 * and never carries the token or a certificate. For an AEF not listed the only cost is one set lookup; with none listed
 * (the default) no Kafka producer exists. Sending never makes a decision wait or depend on Kafka
 * ({@link DecisionLogSender}: at most once).
 */
@ApplicationScoped
public class DecisionLogs {

    static final String ALL = "*";

    private static final Logger LOG = Logger.getLogger(DecisionLogs.class);

    private final Set<String> aefs;
    private final boolean all;
    private final ValidatorConfig.InvocationLog config;
    private final Map<String, Object> kafka;
    private final String topic;
    private final Clock clock;
    private final MeterRegistry registry;
    private volatile DecisionLogSender sender;

    public DecisionLogs(
            ValidatorConfig config,
            CommonConfig common,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            Clock clock,
            MeterRegistry registry) {
        this.config = config.invocationLog();
        this.aefs = selection(this.config.aefs().orElse(List.of()));
        this.all = aefs.contains(ALL);
        this.kafka = kafka;
        this.topic = common.topics().decisionLogs();
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * The listed AEF ids (blanks ignored), or {@link IllegalStateException} naming the key if one is neither an AEF id
     * nor {@value #ALL}.
     */
    static Set<String> selection(List<String> listed) {
        Set<String> out = new HashSet<>();
        for (String entry : listed) {
            String id = entry.trim();
            if (id.isEmpty()) {
                continue;
            }
            if (!id.equals(ALL) && !CapifIdentity.ID_PATTERN.matcher(id).matches()) {
                throw new IllegalStateException(
                        "capif.invocation-log.aefs: '" + id + "' is neither an AEF id nor " + ALL);
            }
            out.add(id);
        }
        return Set.copyOf(out);
    }

    void start(@Observes StartupEvent event) {
        if (all || !aefs.isEmpty()) {
            sender = new DecisionLogSender(kafka, topic, config.bufferSize(), config.sendTimeout(), clock, registry);
            LOG.infof(
                    "invocation logs of %s are published on %s (at most once per decision)",
                    all ? "every AEF" : aefs.size() + " AEF(s)", topic);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        DecisionLogSender s = sender;
        if (s != null) {
            s.close();
        }
    }

    /** Whether the decisions for this AEF are logged: a set lookup, so the AEFs not listed pay nothing more. */
    public boolean wanted(String aefId) {
        return all || aefs.contains(aefId);
    }

    /**
     * Logs one decision for an AEF that is {@link #wanted}; {@code apiInvokerId} only if the token verified. Returns at
     * once whatever Kafka does.
     */
    public void record(String aefId, String apiName, boolean allowed, Reason reason, String apiInvokerId) {
        DecisionLogSender s = sender;
        if (s == null || !wanted(aefId)) {
            return;
        }
        s.offer(new DecisionLogEvent(
                UUID.randomUUID(),
                DecisionLogEvent.SCHEMA_VERSION,
                clock.instant(),
                aefId,
                apiInvokerId,
                apiName,
                allowed,
                reason.name()));
    }
}
