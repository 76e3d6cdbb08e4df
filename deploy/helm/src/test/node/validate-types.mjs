// Type-checks rendered Kubernetes objects with the kubernetes-models classes (JSON schemas of the API and of the
// cert-manager, prometheus-operator and Gateway API CRDs). Usage: node validate-types.mjs <objects.json>
// Prints a JSON array with one entry per object: {kind, name, error} (error null when valid).
import { readFileSync } from "node:fs";

const PACKAGES = {
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
};

async function modelClass(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const pkg = PACKAGES[group] ?? "kubernetes-models";
  const module = await import(`${pkg}/${apiVersion}/${kind}`);
  return module[kind];
}

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = [];
for (const doc of objects) {
  const entry = { kind: doc.kind, name: doc.metadata?.name ?? null, error: null };
  try {
    const Model = await modelClass(doc.apiVersion, doc.kind);
    if (typeof Model !== "function") {
      throw new Error(`no model for ${doc.apiVersion} ${doc.kind}`);
    }
    new Model(doc).validate();
  } catch (e) {
    entry.error = String(e.message ?? e);
  }
  results.push(entry);
}
process.stdout.write(JSON.stringify(results));
