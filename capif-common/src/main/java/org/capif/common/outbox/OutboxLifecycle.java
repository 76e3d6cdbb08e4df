package org.capif.common.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/** Starts the service's outbox relay with the application and stops it (and its producer) on shutdown. */
@ApplicationScoped
public class OutboxLifecycle {

    private final Instance<OutboxRelay> relay;

    public OutboxLifecycle(Instance<OutboxRelay> relay) {
        this.relay = relay;
    }

    void start(@Observes StartupEvent event) {
        if (relay.isResolvable()) {
            relay.get().start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (relay.isResolvable()) {
            relay.get().close();
        }
    }
}
