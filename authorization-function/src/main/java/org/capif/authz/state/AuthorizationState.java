package org.capif.authz.state;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.capif.authz.context.SecurityContextView;
import org.capif.authz.context.SecurityEntry;
import org.capif.authz.invoker.InvokerView;
import org.capif.common.config.CommonConfig;
import org.capif.common.event.EventCodec;
import org.capif.common.event.InvokerStatus;
import org.capif.common.event.ProviderEvent;
import org.capif.common.event.Revocation;
import org.capif.common.event.ServiceApiEvent;
import org.capif.common.event.SubscribedApi;
import org.capif.common.provider.ProviderRegistry;
import org.capif.common.provider.PublishedApiIndex;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * The decision data of the token endpoint, in memory: invoker views and security contexts. PostgreSQL stays the
 * source of truth; this is a read-through copy that never answers from anything older than the database:
 *
 * <ul>
 *   <li>it is loaded in full before the service reports ready;
 *   <li>every transaction that changes a view or a context sends {@code NOTIFY capif_authz, '<apiInvokerId>'}, which
 *       PostgreSQL delivers to every replica at commit; each replica then re-reads that invoker's rows;
 *   <li>after a lost listener connection everything is reloaded (notifications may have been missed), and once a
 *       minute anyway;
 *   <li>an entry is replaced only by one with a higher sequence/version, so a slow reload never overwrites a newer one;
 *   <li>an invoker missing from memory (created a moment ago on another replica) is read from the database once.
 * </ul>
 *
 * So the token path makes no database round trip for known invokers, and a change is visible on every replica within
 * the notification latency (milliseconds).
 */
@ApplicationScoped
public class AuthorizationState {

    /** The PostgreSQL notification channel. */
    public static final String CHANNEL = "capif_authz";

    private static final Logger LOG = Logger.getLogger(AuthorizationState.class);
    private static final TypeReference<List<SubscribedApi>> APIS = new TypeReference<>() {};
    private static final TypeReference<List<SecurityEntry>> ENTRIES = new TypeReference<>() {};
    private static final TypeReference<List<Revocation>> REVOCATIONS = new TypeReference<>() {};

    /** Notification payload prefix of a changed provider domain (an invoker id has no such prefix). */
    public static final String PROVIDER_PREFIX = "provider:";
    /** Notification payload prefix of a changed service API. */
    public static final String API_PREFIX = "api:";

    private final Map<String, InvokerView> invokers = new ConcurrentHashMap<>();
    private final ProviderRegistry providers = new ProviderRegistry();
    private final PublishedApiIndex publishedApis = new PublishedApiIndex();
    private final Map<String, SecurityContextView> contexts = new ConcurrentHashMap<>();
    private final Pool pool;
    private final Vertx vertx;
    private final PgConnectOptions listenOptions;
    private PgSubscriber subscriber;
    private long fullReloadTimer = -1;

    /** Everything is re-read this often even when no notification was lost. */
    static final Duration FULL_RELOAD = Duration.ofMinutes(1);

    private volatile boolean loaded;
    private volatile boolean listening;

    public AuthorizationState(
            Pool pool,
            Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password,
            CommonConfig common) {
        this.pool = pool;
        this.vertx = vertx;
        // the listener's own connection, as verified as the pool's: TLS, CA and host name checked (verify-full)
        this.listenOptions = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(user)
                .setPassword(password)
                .setSslMode(SslMode.VERIFY_FULL)
                .setPemTrustOptions(new PemTrustOptions()
                        .addCertPath(common.datasource().caCert().toString()))
                .setHostnameVerificationAlgorithm("HTTPS");
    }

    void start(@Observes @Priority(10) StartupEvent event) {
        loadAll().await().atMost(Duration.ofSeconds(60));
        // The reconnect policy runs on every lost connection (the close handler does not when it reconnects): mark the
        // listener down so the resubscription reloads everything, as notifications sent meanwhile are lost.
        subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(retries -> {
            listening = false;
            return 500L;
        });
        subscriber.closeHandler(v -> listening = false);
        // A safety net against any notification lost in ways nobody noticed.
        fullReloadTimer = vertx.setPeriodic(FULL_RELOAD.toMillis(), id -> loadAll()
                .subscribe()
                .with(done -> {}, e -> LOG.warnf("periodic reload failed: %s", e.toString())));
        subscriber
                .channel(CHANNEL)
                .subscribeHandler(subscribed -> {
                    boolean reconnect = loaded && !listening;
                    listening = true;
                    if (reconnect) {
                        LOG.info("notification listener reconnected; reloading the authorization state");
                        loadAll().subscribe().with(done -> {}, e -> LOG.warn("reload failed", e));
                    }
                })
                .handler(this::onNotification);
        subscriber.connect(ar -> {
            if (ar.failed()) {
                LOG.warnf(
                        "notification listener not connected yet: %s",
                        ar.cause().toString());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (fullReloadTimer >= 0) {
            vertx.cancelTimer(fullReloadTimer);
        }
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /** True once loaded and listening: only then may the service take traffic. */
    public boolean ready() {
        return loaded && listening;
    }

    /** The invoker as last committed, from memory only (the token hot path). */
    public Optional<InvokerView> invoker(String apiInvokerId) {
        return Optional.ofNullable(invokers.get(apiInvokerId)).map(this::effective);
    }

    /**
     * The invoker with only the subscriptions usable now: at the AEFs where the subscribed APIs are published and
     * active, under their current names and with the security methods published now ({@link PublishedApiIndex}).
     */
    private InvokerView effective(InvokerView view) {
        return new InvokerView(
                view.apiInvokerId(),
                view.status(),
                view.certificateThumbprint(),
                view.certificateNotAfter(),
                publishedApis.effective(view.apis()),
                view.sequence());
    }

    /** The registered provider domain functions (which AEF certificates are accepted). */
    public ProviderRegistry providers() {
        return providers;
    }

    /** The published service APIs. */
    public PublishedApiIndex publishedApis() {
        return publishedApis;
    }

    /** Re-reads one provider domain after a local change (other replicas learn through the notification). */
    public void providerChanged(String apiProvDomId) {
        onNotification(PROVIDER_PREFIX + apiProvDomId);
    }

    /** Re-reads one service API after a local change (other replicas learn through the notification). */
    public void apiChanged(String apiId) {
        onNotification(API_PREFIX + apiId);
    }

    /** The invoker from memory, or from the database if memory does not know it yet. */
    public Uni<Optional<InvokerView>> invokerOrLoad(String apiInvokerId) {
        InvokerView known = invokers.get(apiInvokerId);
        if (known != null) {
            return Uni.createFrom().item(Optional.of(effective(known)));
        }
        return reload(apiInvokerId).map(v -> invoker(apiInvokerId));
    }

    /**
     * The invoker, waiting up to {@code wait} for one that is not known yet: an invoker may ask for its security
     * context a few milliseconds after onboarding, before its event has arrived here. Re-reads the database every
     * {@link #AWAIT_STEP}, so the wait ends as soon as the event is applied on any replica.
     */
    public Uni<Optional<InvokerView>> invokerWithin(String apiInvokerId, Duration wait) {
        return reload(apiInvokerId).map(v -> invoker(apiInvokerId)).chain(found -> {
            if (found.isPresent() || wait.compareTo(AWAIT_STEP) < 0) {
                return Uni.createFrom().item(found);
            }
            return Uni.createFrom()
                    .voidItem()
                    .onItem()
                    .delayIt()
                    .by(AWAIT_STEP)
                    .chain(() -> invokerWithin(apiInvokerId, wait.minus(AWAIT_STEP)));
        });
    }

    /** How often {@link #invokerWithin} looks again. */
    static final Duration AWAIT_STEP = Duration.ofMillis(50);

    /** The invoker's security context from memory (the token hot path). */
    public Optional<SecurityContextView> context(String apiInvokerId) {
        return Optional.ofNullable(contexts.get(apiInvokerId));
    }

    /** Re-reads one invoker after a local change (other replicas learn through the notification). */
    public void invokerChanged(String apiInvokerId) {
        reload(apiInvokerId).subscribe().with(v -> {}, e -> LOG.warnf("reload of %s failed: %s", apiInvokerId, e));
    }

    /** Within a transaction: tells every replica, at commit, that this invoker's rows changed. */
    public static Uni<Void> notifyChange(Mutiny.Session session, String apiInvokerId) {
        return session.createNativeQuery("select pg_notify('" + CHANNEL + "', :id)")
                .setParameter("id", apiInvokerId)
                .getSingleResult()
                .replaceWithVoid();
    }

    private void onNotification(String key) {
        Uni<Void> reload = key.startsWith(PROVIDER_PREFIX)
                ? pool.preparedQuery("select event from provider_domain_view where api_prov_dom_id = $1")
                        .execute(Tuple.of(key.substring(PROVIDER_PREFIX.length())))
                        .invoke(rows -> rows.forEach(this::putProvider))
                        .replaceWithVoid()
                : key.startsWith(API_PREFIX)
                        ? pool.preparedQuery("select event from service_api_view where api_id = $1")
                                .execute(Tuple.of(key.substring(API_PREFIX.length())))
                                .invoke(rows -> rows.forEach(this::putApi))
                                .replaceWithVoid()
                        : reload(key);
        reload.subscribe().with(v -> {}, e -> LOG.warnf("reload of %s failed: %s", key, e));
    }

    private void putProvider(Row row) {
        providers.apply(ProviderEvent.decode(row.getString("event")));
    }

    private void putApi(Row row) {
        publishedApis.apply(ServiceApiEvent.decode(row.getString("event")));
    }

    /** Reloads one invoker's view and context from the database. */
    public Uni<Void> reload(String apiInvokerId) {
        Uni<Void> view = pool.preparedQuery("select * from invoker_view where api_invoker_id = $1")
                .execute(Tuple.of(apiInvokerId))
                .invoke(rows -> rows.forEach(this::putInvoker))
                .replaceWithVoid();
        Uni<Void> context = pool.preparedQuery("select * from security_context where api_invoker_id = $1")
                .execute(Tuple.of(apiInvokerId))
                .invoke(rows -> rows.forEach(this::putContext))
                .replaceWithVoid();
        return Uni.combine().all().unis(view, context).discardItems();
    }

    /** Loads everything; entries only move forward, so this is safe to run concurrently with reloads. */
    public Uni<Void> loadAll() {
        Uni<Void> views = pool.query("select * from invoker_view")
                .execute()
                .invoke(rows -> rows.forEach(this::putInvoker))
                .replaceWithVoid();
        Uni<Void> ctx = pool.query("select * from security_context")
                .execute()
                .invoke(rows -> rows.forEach(this::putContext))
                .replaceWithVoid();
        Uni<Void> domains = pool.query("select event from provider_domain_view")
                .execute()
                .invoke(rows -> rows.forEach(this::putProvider))
                .replaceWithVoid();
        Uni<Void> apis = pool.query("select event from service_api_view")
                .execute()
                .invoke(rows -> rows.forEach(this::putApi))
                .replaceWithVoid();
        return Uni.combine()
                .all()
                .unis(views, ctx, domains, apis)
                .discardItems()
                .invoke(() -> {
                    loaded = true;
                    LOG.infof(
                            "authorization state loaded: %d invokers, %d security contexts, %d provider functions, %d service"
                                    + " APIs",
                            invokers.size(), contexts.size(), providers.size(), publishedApis.size());
                });
    }

    private void putInvoker(Row row) {
        InvokerView view = new InvokerView(
                row.getString("api_invoker_id"),
                InvokerStatus.valueOf(row.getString("status")),
                row.getString("certificate_thumbprint"),
                row.getOffsetDateTime("certificate_not_after").toInstant(),
                List.copyOf(EventCodec.decode(row.getString("apis"), APIS)),
                row.getLong("sequence"));
        invokers.merge(view.apiInvokerId(), view, (old, neu) -> neu.sequence() >= old.sequence() ? neu : old);
    }

    private void putContext(Row row) {
        SecurityContextView view = new SecurityContextView(
                row.getString("api_invoker_id"),
                List.copyOf(EventCodec.decode(row.getString("security_info"), ENTRIES)),
                List.copyOf(EventCodec.decode(row.getString("revocations"), REVOCATIONS)),
                List.copyOf(SecurityContextView.decodeRevokedAuthorizations(row.getString("revoked_authorizations"))),
                row.getLong("version"));
        contexts.merge(view.apiInvokerId(), view, (old, neu) -> neu.version() >= old.version() ? neu : old);
    }
}
