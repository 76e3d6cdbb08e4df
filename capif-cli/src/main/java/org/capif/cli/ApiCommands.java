package org.capif.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The API publishing function's side of CAPIF-4: publishing, updating, unpublishing and listing service APIs (TS 29.222
 * CAPIF_Publish_Service_API), with the certificate of an APF of a domain registered by {@code capif provider}.
 */
@Command(
        name = "api",
        description = "Publish, update, unpublish or list service APIs as an APF (TS 29.222 publish service API).",
        mixinStandardHelpOptions = true,
        subcommands = {
            ApiCommands.Publish.class,
            ApiCommands.Update.class,
            ApiCommands.Unpublish.class,
            ApiCommands.List_.class
        })
public class ApiCommands {

    /** Which domain and APF act. */
    static class Apf {
        @Option(names = "--dir", required = true, description = "The provider directory of 'capif provider register'.")
        Path dir;

        @Option(names = "--apf", description = "The APF (local name or id; default: the first APF).")
        String apf;

        ProviderDir domain() {
            return new ProviderDir(dir);
        }

        ProviderDir.Function function() {
            return apf == null ? domain().first("APF") : domain().function(apf);
        }

        String base(Endpoints endpoints) {
            return endpoints.get("CAPIF_PROVIDER_MANAGEMENT_URL") + "/published-apis/v1/"
                    + function().id() + "/service-apis";
        }

        Http http(Endpoints endpoints) {
            return domain().http(endpoints, function());
        }
    }

    /** The description: a JSON file, or built from options. */
    static class Description {
        @Option(names = "--file", description = "A ServiceAPIDescription JSON file (TS 29.222).")
        Path file;

        @ArgGroup(exclusive = false)
        Quick quick;
    }

    /** A description built from options: one profile per AEF. */
    static class Quick {
        @Option(names = "--name", required = true, description = "apiName (the {apiName} URI segment).")
        String name;

        @Option(
                names = "--aef",
                required = true,
                split = ",",
                description = "AEFs exposing it (local names such as aef-1, or ids).")
        List<String> aefs;

        @Option(
                names = "--methods",
                split = ",",
                defaultValue = "OAUTH",
                description = "Security methods (default OAUTH).")
        List<String> methods;

        @Option(names = "--version", defaultValue = "v1", description = "API version (default v1).")
        String version;

        @Option(names = "--fqdn", required = true, description = "The public host name invokers call.")
        String fqdn;

        @Option(names = "--port", defaultValue = "443")
        int port;

        @Option(
                names = "--resource",
                split = ";",
                description = "Resources as name:/uri:GET|POST..., e.g. items:/items/{id}:GET|DELETE")
        List<String> resources = new ArrayList<>();

        @Option(names = "--description")
        String description;
    }

    static Object body(Description d, ProviderDir domain) {
        if (d == null || (d.file == null) == (d.quick == null)) {
            throw new CliException(CliException.USAGE, "give either --file or --name, --aef and --fqdn");
        }
        if (d.file != null) {
            try {
                return Http.JSON.readTree(InvokerDir.readFile(d.file));
            } catch (java.io.IOException e) {
                throw new CliException(CliException.LOCAL, d.file + " is not JSON: " + e.getMessage());
            }
        }
        Quick q = d.quick;
        List<Map<String, Object>> resources = new ArrayList<>();
        for (String r : q.resources) {
            String[] parts = r.split(":", 3);
            if (parts.length != 3) {
                throw new CliException(CliException.USAGE, "--resource must be name:/uri:METHOD|METHOD, not " + r);
            }
            resources.add(Map.of(
                    "resourceName",
                    parts[0],
                    "commType",
                    "REQUEST_RESPONSE",
                    "uri",
                    parts[1],
                    "operations",
                    List.of(parts[2].split("\\|"))));
        }
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("apiVersion", q.version);
        if (!resources.isEmpty()) {
            version.put("resources", resources);
        }
        List<Map<String, Object>> profiles = new ArrayList<>();
        for (String aef : q.aefs) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("aefId", domain.function(aef).id());
            p.put("versions", List.of(version));
            p.put("protocol", "HTTP_1_1");
            p.put("dataFormat", "JSON");
            p.put("securityMethods", q.methods);
            p.put("interfaceDescriptions", List.of(Map.of("fqdn", q.fqdn, "port", q.port)));
            profiles.add(p);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiName", q.name);
        body.put("aefProfiles", profiles);
        if (q.description != null) {
            body.put("description", q.description);
        }
        return body;
    }

    static void print(JsonNode api) {
        System.out.println(
                api.path("apiId").asText() + "  " + api.path("apiName").asText());
        for (JsonNode p : api.path("aefProfiles")) {
            List<String> versions = new ArrayList<>();
            p.path("versions").forEach(v -> versions.add(v.path("apiVersion").asText()));
            List<String> methods = new ArrayList<>();
            p.path("securityMethods").forEach(m -> methods.add(m.asText()));
            System.out.println("  at " + p.path("aefId").asText() + " versions " + versions + " methods " + methods);
        }
    }

    @Command(name = "publish", description = "Publish a service API (POST).", mixinStandardHelpOptions = true)
    static class Publish implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @ArgGroup(exclusive = false, multiplicity = "1")
        Apf apf;

        @ArgGroup(exclusive = false)
        Description description = new Description();

        @Override
        public Integer call() {
            Http.Answer answer = apf.http(endpoints).json("POST", apf.base(endpoints), body(description, apf.domain()));
            System.out.print("published ");
            print(answer.json());
            System.out.println("  resource: " + answer.header("Location"));
            return 0;
        }
    }

    @Command(
            name = "update",
            description = "Replace a published API's description (PUT).",
            mixinStandardHelpOptions = true)
    static class Update implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @ArgGroup(exclusive = false, multiplicity = "1")
        Apf apf;

        @Option(names = "--api-id", required = true)
        String apiId;

        @ArgGroup(exclusive = false)
        Description description = new Description();

        @Override
        public Integer call() {
            JsonNode api = apf.http(endpoints)
                    .json("PUT", apf.base(endpoints) + "/" + apiId, body(description, apf.domain()))
                    .json();
            System.out.print("updated ");
            print(api);
            return 0;
        }
    }

    @Command(name = "unpublish", description = "Unpublish a service API (DELETE).", mixinStandardHelpOptions = true)
    static class Unpublish implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @ArgGroup(exclusive = false, multiplicity = "1")
        Apf apf;

        @Option(names = "--api-id", required = true)
        String apiId;

        @Override
        public Integer call() {
            apf.http(endpoints).json("DELETE", apf.base(endpoints) + "/" + apiId, null);
            System.out.println("unpublished " + apiId);
            return 0;
        }
    }

    @Command(name = "list", description = "List the APF's published APIs (GET).", mixinStandardHelpOptions = true)
    static class List_ implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @ArgGroup(exclusive = false, multiplicity = "1")
        Apf apf;

        @Override
        public Integer call() {
            JsonNode apis =
                    apf.http(endpoints).json("GET", apf.base(endpoints), null).json();
            if (apis.isEmpty()) {
                System.out.println("no published service API");
            }
            apis.forEach(ApiCommands::print);
            return 0;
        }
    }
}
