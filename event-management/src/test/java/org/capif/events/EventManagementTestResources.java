package org.capif.events;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import org.capif.testing.CapifTestResource;

/** Declares, once for the whole module, the real PostgreSQL, Kafka and PKI every test runs against. */
@WithTestResource(
        value = CapifTestResource.class,
        scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "event-management"))
public final class EventManagementTestResources {

    /** The service's database (and login role). */
    public static final String DATABASE = "capif_events";

    private EventManagementTestResources() {}
}
