package org.capif.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.capif.common.cert.KeyPairs;
import org.capif.common.cert.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The API management function's side of CAPIF-5: registering an API provider domain with its functions (AMF, APFs,
 * AEFs), updating it and deregistering it (TS 29.222 CAPIF_API_Provider_Management_API).
 */
@Command(
        name = "provider",
        description = "Register, update or deregister an API provider domain (TS 29.222 API provider management).",
        mixinStandardHelpOptions = true,
        subcommands = {ProviderCommands.Register.class, ProviderCommands.Update.class, ProviderCommands.Deregister.class
        })
public class ProviderCommands {

    static final String REGISTRATIONS = "/api-provider-management/v1/registrations";

    /** One function of a request: its local name, role, key pair and (for existing functions) CAPIF id. */
    record Planned(String name, String role, KeyPair keys, String id) {

        Map<String, Object> body() {
            Map<String, Object> f = new LinkedHashMap<>();
            if (id != null) {
                f.put("apiProvFuncId", id);
            }
            f.put("regInfo", Map.of("apiProvPubKey", InvokerCommands.csr(keys, name)));
            f.put("apiProvFuncRole", role);
            f.put("apiProvFuncInfo", name);
            return f;
        }
    }

    static Map<String, Object> registration(String regSec, List<Planned> functions, String info, String domainId) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (domainId != null) {
            body.put("apiProvDomId", domainId);
        }
        body.put("regSec", regSec);
        body.put("apiProvFuncs", functions.stream().map(Planned::body).toList());
        if (info != null) {
            body.put("apiProvDomInfo", info);
        }
        return body;
    }

    static void report(String verb, ProviderDir dir) {
        System.out.println(verb + " API provider domain " + dir.domainId());
        for (ProviderDir.Function f : dir.functions()) {
            System.out.println("  " + f.role() + " " + f.name() + ": " + f.id() + " ("
                    + dir.dir().resolve(f.name() + ".crt") + ")");
        }
    }

    @Command(
            name = "register",
            description = "Create keys and CSRs for an AMF and the given numbers of APFs and AEFs, register them with a"
                    + " registration credential, save keys, certificates and ids in --dir.",
            mixinStandardHelpOptions = true)
    static class Register implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--dir", required = true, description = "Directory for the domain's files (created).")
        Path dir;

        @Option(
                names = "--credential-file",
                description = "File with the registration credential (default: CAPIF_REGISTRATION_TOKEN_FILE).")
        Path credentialFile;

        @Option(names = "--apfs", defaultValue = "1", description = "Number of APFs (default ${DEFAULT-VALUE}).")
        int apfs;

        @Option(names = "--aefs", defaultValue = "1", description = "Number of AEFs (default ${DEFAULT-VALUE}).")
        int aefs;

        @Option(names = "--info", description = "apiProvDomInfo: a description of the provider.")
        String info;

        @Override
        public Integer call() {
            Path credential = credentialFile != null ? credentialFile : endpoints.path("CAPIF_REGISTRATION_TOKEN_FILE");
            String token = InvokerDir.readFile(credential).strip();
            List<Planned> functions = new ArrayList<>();
            functions.add(new Planned("amf", "AMF", KeyPairs.ecP256(), null));
            for (int i = 1; i <= apfs; i++) {
                functions.add(new Planned("apf-" + i, "APF", KeyPairs.ecP256(), null));
            }
            for (int i = 1; i <= aefs; i++) {
                functions.add(new Planned("aef-" + i, "AEF", KeyPairs.ecP256(), null));
            }
            Http http = Http.of(endpoints.path("CAPIF_CA_CERT"), null, null);
            JsonNode details = http.jsonWithBearer(
                            endpoints.get("CAPIF_PROVIDER_MANAGEMENT_URL") + REGISTRATIONS,
                            registration(token, functions, info, null),
                            token)
                    .json();
            ProviderDir out = new ProviderDir(dir);
            for (Planned f : functions) {
                out.files().write(f.name() + ".key", Pem.encode(f.keys().getPrivate()), true);
            }
            out.record(details, functions.stream().map(Planned::name).toList());
            report("registered", out);
            return 0;
        }
    }

    @Command(
            name = "update",
            description = "Add, re-key or remove functions of the domain (PUT, with the AMF's certificate).",
            mixinStandardHelpOptions = true)
    static class Update implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--dir", required = true)
        Path dir;

        @Option(names = "--add-apf", description = "Add an APF.")
        boolean addApf;

        @Option(names = "--add-aef", description = "Add an AEF.")
        boolean addAef;

        @Option(names = "--remove", split = ",", description = "Remove these functions (local name or id).")
        List<String> remove = new ArrayList<>();

        @Option(names = "--rekey", split = ",", description = "New keys and certificates for these functions.")
        List<String> rekey = new ArrayList<>();

        @Option(names = "--info", description = "New apiProvDomInfo.")
        String info;

        @Override
        public Integer call() {
            ProviderDir domain = new ProviderDir(dir);
            ProviderDir.Function amf = domain.first("AMF");
            List<String> removed =
                    remove.stream().map(r -> domain.function(r).id()).toList();
            List<String> rekeyed =
                    rekey.stream().map(r -> domain.function(r).id()).toList();
            List<Planned> functions = new ArrayList<>();
            for (ProviderDir.Function f : domain.functions()) {
                if (!removed.contains(f.id())) {
                    KeyPair keys = rekeyed.contains(f.id()) ? KeyPairs.ecP256() : domain.keys(f);
                    functions.add(new Planned(f.name(), f.role(), keys, f.id()));
                }
            }
            if (addApf) {
                functions.add(new Planned(nextName(domain, "apf"), "APF", KeyPairs.ecP256(), null));
            }
            if (addAef) {
                functions.add(new Planned(nextName(domain, "aef"), "AEF", KeyPairs.ecP256(), null));
            }
            JsonNode details = domain.http(endpoints, amf)
                    .json(
                            "PUT",
                            endpoints.get("CAPIF_PROVIDER_MANAGEMENT_URL") + REGISTRATIONS + "/" + domain.domainId(),
                            registration("unused-after-registration", functions, info, domain.domainId()))
                    .json();
            for (Planned f : functions) {
                if (f.id() == null || rekeyed.contains(f.id())) {
                    domain.files().write(f.name() + ".key", Pem.encode(f.keys().getPrivate()), true);
                }
            }
            domain.record(details, functions.stream().map(Planned::name).toList());
            report("updated", domain);
            return 0;
        }

        private static String nextName(ProviderDir domain, String prefix) {
            int n = 1;
            while (true) {
                String name = prefix + "-" + n;
                if (domain.functions().stream().noneMatch(f -> f.name().equals(name))) {
                    return name;
                }
                n++;
            }
        }
    }

    @Command(
            name = "deregister",
            description = "Deregister the domain (DELETE): its certificates stop working and its APIs are unpublished.",
            mixinStandardHelpOptions = true)
    static class Deregister implements Callable<Integer> {
        final Endpoints endpoints = new Endpoints();

        @Option(names = "--dir", required = true)
        Path dir;

        @Override
        public Integer call() {
            ProviderDir domain = new ProviderDir(dir);
            domain.http(endpoints, domain.first("AMF"))
                    .json(
                            "DELETE",
                            endpoints.get("CAPIF_PROVIDER_MANAGEMENT_URL") + REGISTRATIONS + "/" + domain.domainId(),
                            null);
            System.out.println("deregistered API provider domain " + domain.domainId());
            return 0;
        }
    }
}
