package org.capif.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * CAPIF event subscriptions (TS 29.222 CAPIF_Events_API) and auditing (CAPIF_Auditing_API) at event management
 * ({@code CAPIF_EVENTS_URL}), as an invoker ({@code --dir} of {@code capif invoker onboard}) or as a provider function
 * ({@code --provider-dir} of {@code capif provider register} with {@code --function}).
 */
@Command(
        name = "events",
        description = "Subscribe to CAPIF events, list or remove subscriptions (TS 29.222 CAPIF_Events_API).",
        mixinStandardHelpOptions = true,
        subcommands = {EventsCommands.Subscribe.class, EventsCommands.List_.class, EventsCommands.Unsubscribe.class})
public class EventsCommands {

    /** Who subscribes: an invoker directory, or a function of a provider directory. */
    static class Subscriber {
        @Option(names = "--dir", description = "The invoker directory of 'capif invoker onboard'.")
        Path invokerDir;

        @Option(names = "--provider-dir", description = "The provider directory of 'capif provider register'.")
        Path providerDir;

        @Option(
                names = "--function",
                description = "With --provider-dir: the AMF, APF or AEF (local name or id; default: the first AMF).")
        String function;

        String id() {
            return invokerDir != null
                    ? new InvokerDir(invokerDir).id()
                    : providerFunction().id();
        }

        Http http(Endpoints endpoints) {
            return invokerDir != null
                    ? new InvokerDir(invokerDir).http(endpoints)
                    : new ProviderDir(providerDir).http(endpoints, providerFunction());
        }

        private ProviderDir.Function providerFunction() {
            if (providerDir == null) {
                throw new CliException(CliException.USAGE, "give --dir (an invoker) or --provider-dir (a function)");
            }
            ProviderDir domain = new ProviderDir(providerDir);
            return function == null ? domain.first("AMF") : domain.function(function);
        }

        String subscriptions(Endpoints endpoints) {
            if (invokerDir != null && providerDir != null) {
                throw new CliException(CliException.USAGE, "give either --dir or --provider-dir, not both");
            }
            return endpoints.get("CAPIF_EVENTS_URL") + "/capif-events/v1/" + id() + "/subscriptions";
        }
    }

    @Command(
            name = "subscribe",
            description = "POST .../subscriptions: be told of these events at an HTTPS callback.",
            mixinStandardHelpOptions = true)
    static class Subscribe implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Mixin
        Subscriber subscriber;

        @Option(
                names = "--events",
                required = true,
                split = ",",
                description = "CAPIF events, e.g. SERVICE_API_AVAILABLE,API_INVOKER_AUTHORIZATION_REVOKED.")
        List<String> events;

        @Option(names = "--callback", required = true, description = "The notificationDestination (https URL).")
        String callback;

        @Option(names = "--api-id", split = ",", description = "Only events about these APIs (one filter per event).")
        List<String> apiIds;

        @Option(
                names = "--no-detail",
                description = "Do not ask for EnhancedEventReport (notifications without eventDetail, no filters).")
        boolean noDetail;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("events", events);
            body.put("notificationDestination", callback);
            if (!noDetail) {
                body.put("supportedFeatures", "4");
            }
            if (apiIds != null && !apiIds.isEmpty()) {
                body.put(
                        "eventFilters",
                        events.stream().map(e -> Map.of("apiIds", apiIds)).toList());
            }
            Http.Answer answer = subscriber.http(endpoints).json("POST", subscriber.subscriptions(endpoints), body);
            String location = answer.header("Location");
            System.out.println("subscription " + location.substring(location.lastIndexOf('/') + 1));
            System.out.println("  events: " + String.join(", ", events));
            System.out.println("  callback: " + callback);
            return 0;
        }
    }

    @Command(
            name = "list",
            description = "GET .../subscriptions: the subscriber's own subscriptions.",
            mixinStandardHelpOptions = true)
    static class List_ implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Mixin
        Subscriber subscriber;

        @Override
        public Integer call() {
            JsonNode all = subscriber
                    .http(endpoints)
                    .json("GET", subscriber.subscriptions(endpoints), null)
                    .json();
            if (all.isEmpty()) {
                System.out.println("no subscriptions");
            }
            for (JsonNode s : all) {
                System.out.print(line(s));
            }
            return 0;
        }

        /**
         * One listed subscription ({@code {subscriptionId, subscription: EventSubscription, pending, dropped,
         * failingSince}}, decision D27): its id, then its events, callback and delivery state on their own lines.
         */
        static String line(JsonNode listed) {
            JsonNode s = listed.path("subscription");
            StringBuilder sb = new StringBuilder("subscription ")
                    .append(listed.path("subscriptionId").asText())
                    .append('\n');
            sb.append("  events: ").append(join(s.path("events"), ", ")).append('\n');
            sb.append("  callback: ")
                    .append(s.path("notificationDestination").asText())
                    .append('\n');
            JsonNode apiIds = s.path("eventFilters").findValues("apiIds").stream()
                    .findFirst()
                    .orElse(null);
            if (apiIds != null) {
                sb.append("  api ids: ").append(join(apiIds, ", ")).append('\n');
            }
            sb.append("  pending: ")
                    .append(listed.path("pending").asLong())
                    .append(", dropped: ")
                    .append(listed.path("dropped").asLong());
            if (listed.hasNonNull("failingSince")) {
                sb.append(", failing since ").append(listed.path("failingSince").asText());
            }
            return sb.append('\n').toString();
        }
    }

    @Command(name = "unsubscribe", description = "DELETE .../subscriptions/{id}.", mixinStandardHelpOptions = true)
    static class Unsubscribe implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Mixin
        Subscriber subscriber;

        @Option(names = "--id", required = true, description = "The subscription id.")
        String id;

        @Override
        public Integer call() {
            subscriber.http(endpoints).json("DELETE", subscriber.subscriptions(endpoints) + "/" + encode(id), null);
            System.out.println("subscription " + id + " removed");
            return 0;
        }
    }

    static String join(JsonNode array, String separator) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : array) {
            sb.append(sb.isEmpty() ? "" : separator).append(e.asText());
        }
        return sb.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
