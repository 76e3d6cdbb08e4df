package org.capif.authz.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.capif.common.config.CommonConfig;
import org.capif.common.datastore.CapifTopics;
import org.capif.common.outbox.OutboxRelay;
import org.capif.common.outbox.OutboxRelays;

/**
 * Wires the outbox relay of the authorization function. It also makes sure the topics this service owns exist (its
 * three event topics, compacted, and the dead-letter topic of the invoker topic): it may create those and no others
 * (see {@code CapifService}). The invoker topic is invoker-management's; its consumer here waits until it exists.
 */
public class AuthorizationOutbox {

    /** Advisory lock key electing the one relay per database ("CAPIF-AF" in ASCII). */
    static final long LOCK_KEY = 0x43415049462D4146L;

    /** Suffix of dead-letter topics. */
    public static final String DLQ_SUFFIX = ".dlq";

    @Produces
    @Singleton
    OutboxRelay relay(
            AgroalDataSource dataSource,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            CommonConfig common,
            MeterRegistry registry) {
        CommonConfig.Topics t = common.topics();
        return OutboxRelays.create(
                dataSource,
                kafka,
                common,
                registry,
                "capif-authorization-function-outbox",
                LOCK_KEY,
                List.of(
                        OutboxRelays.compacted(common, t.securityEvents()),
                        OutboxRelays.compacted(common, t.policyEvents()),
                        OutboxRelays.compacted(common, t.tokenRevocations()),
                        OutboxRelays.deadLetter(common, t.invokerEvents() + DLQ_SUFFIX),
                        OutboxRelays.deadLetter(
                                common, CapifTopics.deadLetter(t.providerEvents(), "authorization-function")),
                        OutboxRelays.deadLetter(
                                common, CapifTopics.deadLetter(t.serviceApiEvents(), "authorization-function"))));
    }
}
