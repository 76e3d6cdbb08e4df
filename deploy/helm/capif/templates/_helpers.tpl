{{/*
The component table: what the chart knows about each service, independent of the values. Adding a service is one
entry here, one block in values.yaml and values.schema.json, and its own keys in "capif.properties". Its topics and
ACLs are not repeated here: they are org.capif.common.datastore.CapifService's (docs/deployment.md, section 8).
  key             its block in values.yaml
  apiPort         API port (TLS), also quarkus.http.ssl-port
  managementPort  health, metrics, OpenAPI (TLS), also quarkus.management.port
  invokerFacing   API invokers call it (CAPIF-1/1e): networkPolicy.invokers reach its API port
  providerFacing  API provider domain functions (AMF, APF, AEF) or their gateways call it: networkPolicy.providers
  operatorFacing  operator tools call its /capif-admin API: networkPolicy.operators
  exposable       may be exposed outside the cluster (TLS passthrough route, Ingress, LoadBalancer; publicHost)
  signsCertificates  mounts a CA (ca.crt, ca.key) to issue client certificates
  credentials     mounts the onboarding/registration credential keys
  signingKeys     mounts the access token signing keys
  callsAuthorizationFunction  fetches the JWK Set and forwards revocations (egress to the AF's API port)
  callsSubscribers  sends notifications to the callback URLs of event subscribers (egress to <key>.callbacks.egress)
*/}}
{{- define "capif.componentTable" -}}
invoker-management:
  key: invokerManagement
  apiPort: 8443
  managementPort: 9443
  invokerFacing: true
  providerFacing: false
  operatorFacing: true
  exposable: true
  signsCertificates: true
  credentials: true
  signingKeys: false
  callsAuthorizationFunction: false
  callsSubscribers: false
authorization-function:
  key: authorizationFunction
  apiPort: 8444
  managementPort: 9444
  invokerFacing: true
  providerFacing: true
  operatorFacing: true
  exposable: true
  signsCertificates: false
  credentials: false
  signingKeys: true
  callsAuthorizationFunction: false
  callsSubscribers: false
token-validator:
  key: tokenValidator
  apiPort: 8445
  managementPort: 9445
  invokerFacing: false
  providerFacing: true
  operatorFacing: false
  exposable: false
  signsCertificates: false
  credentials: false
  signingKeys: false
  callsAuthorizationFunction: true
  callsSubscribers: false
provider-management:
  key: providerManagement
  apiPort: 8446
  managementPort: 9446
  invokerFacing: false
  providerFacing: true
  operatorFacing: true
  exposable: true
  signsCertificates: true
  credentials: true
  signingKeys: false
  callsAuthorizationFunction: false
  callsSubscribers: false
event-management:
  key: eventManagement
  apiPort: 8447
  managementPort: 9447
  invokerFacing: true
  providerFacing: true
  operatorFacing: false
  exposable: true
  signsCertificates: false
  credentials: false
  signingKeys: false
  callsAuthorizationFunction: false
  callsSubscribers: true
{{- end -}}

{{/* Names. */}}
{{- define "capif.name" -}}{{ .Release.Name | trunc 40 | trimSuffix "-" }}{{- end -}}
{{- define "capif.fullname" -}}{{ include "capif.name" .root }}-{{ .component }}{{- end -}}

{{/* Labels: .root and .component. */}}
{{- define "capif.labels" -}}
{{ include "capif.selector" . }}
app.kubernetes.io/part-of: capif
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version | replace "+" "_" }}
{{- end -}}
{{- define "capif.selector" -}}
app.kubernetes.io/name: capif
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The Secret that holds a component's own certificate (tls.crt, tls.key, ca.crt). */}}
{{- define "capif.certificateSecret" -}}
{{- $v := index .root.Values (index (include "capif.componentTable" .root | fromYaml) .component).key -}}
{{- $v.certificate.existingSecret | default (printf "%s-tls" (include "capif.fullname" .)) -}}
{{- end -}}

{{/* The Secret and key holding the CAPIF CA certificates that peers' certificates must chain to. */}}
{{- define "capif.trustSecret" -}}
{{- .root.Values.tls.trustedCa.existingSecret | default (include "capif.certificateSecret" .) -}}
{{- end -}}

{{/* DNS names of a component's Service, as its certificate must carry them. */}}
{{- define "capif.serviceDnsNames" -}}
{{- $full := include "capif.fullname" . -}}
{{- $ns := .root.Release.Namespace -}}
- {{ $full }}
- {{ $full }}.{{ $ns }}
- {{ $full }}.{{ $ns }}.svc
- {{ $full }}.{{ $ns }}.svc.{{ .root.Values.tls.clusterDomain }}
{{- end -}}

{{/* Image reference, by digest when one is given. */}}
{{- define "capif.image" -}}
{{- if .digest -}}
{{ .repository }}@{{ .digest }}
{{- else -}}
{{ .repository }}:{{ .tag }}
{{- end -}}
{{- end -}}

{{/* The names of every Secret a component reads, for its checksum and the docs. */}}
{{- define "capif.componentSecrets" -}}
{{- $root := .root -}}
{{- $t := index (include "capif.componentTable" $root | fromYaml) .component -}}
{{- $v := index $root.Values $t.key -}}
{{- $names := list (include "capif.certificateSecret" .) (include "capif.trustSecret" .) $root.Values.kafka.tls.caSecret $root.Values.postgresql.tls.caSecret $v.database.existingSecret -}}
{{- if hasPrefix "scram-" $root.Values.kafka.authentication -}}{{- $names = append $names $v.kafka.existingSecret -}}{{- end -}}
{{- if $t.signsCertificates -}}{{- $names = append $names $v.caSecret -}}{{- end -}}
{{- if $t.credentials -}}{{- $names = append $names $v.credentialSecret -}}{{- end -}}
{{- if $t.signingKeys -}}{{- $names = append $names $v.signingKeysSecret -}}{{- end -}}
{{- if $t.callsSubscribers -}}{{- $names = append $names $v.callbacks.trustSecret -}}{{- end -}}
{{- toYaml ($names | compact | uniq) -}}
{{- end -}}

{{/*
Checksum of a component's Secrets: their names and, on install and upgrade against a cluster, their content (lookup),
so that `helm upgrade` after rotating a Secret restarts only the components that read it. `helm template` has no
cluster: there the checksum covers the names only.
*/}}
{{- define "capif.secretsChecksum" -}}
{{- $root := .root -}}
{{- $parts := list -}}
{{- range $name := include "capif.componentSecrets" . | fromYamlArray -}}
{{- $s := lookup "v1" "Secret" $root.Release.Namespace $name -}}
{{- $parts = append $parts (printf "%s=%s" $name (($s | default dict).data | default dict | toJson)) -}}
{{- end -}}
{{- join "\n" $parts | sha256sum -}}
{{- end -}}

{{/* Fails rendering with a message naming the exact --set that fixes it. */}}
{{- define "capif.require" -}}
{{- if not .value -}}
{{- fail (printf "\n\nCAPIF: %s is required: %s\n  fix: --set %s=%s\n" .key .why .key (.example | default "...")) -}}
{{- end -}}
{{- end -}}
