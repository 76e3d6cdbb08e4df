{{/*
application.properties of one component (.root, .component): the keys the chart writes from the values, then the
component's extraConfig (a null value, as `--set ...=null` leaves it, writes nothing). It overrides only what differs per installation: the service's own application.properties
(in its image) keeps everything else, in particular the PostgreSQL TLS settings (sslmode, sslrootcert, ssl-mode,
trust, host name verification, all verify-full against capif.datasource.ca-cert), which the chart never repeats.
Every capif.* key written here is a key of the service's @ConfigMapping interfaces, and every key they require is
written (ServiceConfigurationTest checks both against the services' classes).
No secret is ever written here: passwords reach the service as environment variables from Secrets, and files (keys,
certificates) are mounted from Secrets.
Mount points: /etc/capif/tls (own certificate), /etc/capif/trust (CAPIF CA), /etc/capif/kafka (Kafka CA),
/etc/capif/postgresql (PostgreSQL CA), /etc/capif/ca (signing CA), /etc/capif/credential, /etc/capif/token-keys,
/etc/capif/callbacks (CA of event subscribers' callback servers).
*/}}
{{- define "capif.properties" -}}
{{- $t := index (include "capif.componentTable" .root | fromYaml) .component -}}
{{- $c := index .root.Values $t.key -}}
{{- $extra := dict -}}
{{- range $k, $val := $c.extraConfig -}}
{{- if not (kindIs "invalid" $val) }}{{ $_ := set $extra $k $val }}{{ end -}}
{{- end -}}
{{- include "capif.chartProperties" . -}}
{{- with $extra }}

## Extra (values: {{ $t.key }}.extraConfig)
{{- range $k, $val := . }}
{{ $k }}={{ $val }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The keys the chart itself writes for one component (.root, .component). */}}
{{- define "capif.chartProperties" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $table := include "capif.componentTable" $root | fromYaml -}}
{{- $t := index $table .component -}}
{{- $c := index $v $t.key -}}
{{- $pgHost := $c.database.host | default $v.postgresql.host -}}
{{- $scram := hasPrefix "scram-" $v.kafka.authentication -}}
## Ports (TLS) and graceful shutdown
quarkus.http.ssl-port={{ $t.apiPort }}
quarkus.management.port={{ $t.managementPort }}
quarkus.shutdown.timeout={{ $v.pod.shutdownTimeoutSeconds }}s

## This service's certificate (CN={{ .component }}, OU=service, urn:capif:service:{{ .component }}): HTTPS server,
## client towards other CAPIF services and the Kafka brokers; the CAPIF CA
capif.tls.ca-cert=/etc/capif/trust/ca.crt
capif.tls.cert=/etc/capif/tls/tls.crt
capif.tls.key=/etc/capif/tls/tls.key

## Kafka over TLS ({{ $v.kafka.authentication }}), brokers verified against their CA and host name: security comes
## from capif.kafka.* only (the service refuses kafka.security.protocol, kafka.ssl.* and kafka.sasl.*)
kafka.bootstrap.servers={{ $v.kafka.bootstrapServers }}
capif.kafka.security-protocol={{ if $scram }}SASL_SSL{{ else }}SSL{{ end }}
capif.kafka.trust-certs=/etc/capif/kafka/ca.crt
{{- if $scram }}
capif.kafka.sasl.mechanism={{ upper $v.kafka.authentication }}
capif.kafka.sasl.username={{ .component }}
# capif.kafka.sasl.password: environment variable CAPIF_KAFKA_SASL_PASSWORD from Secret {{ $c.kafka.existingSecret }}
{{- end }}
{{- range $k, $val := $v.kafka.extraProperties }}
{{- if not (kindIs "invalid" $val) }}
kafka.{{ $k }}={{ $val }}
{{- end }}
{{- end }}
capif.kafka.create-topics={{ $v.kafka.createTopics }}
capif.kafka.partitions={{ $v.kafka.topicPartitions }}
capif.kafka.replication-factor={{ $v.kafka.topicReplicationFactor }}

## PostgreSQL: verify-full TLS against capif.datasource.ca-cert (the service sets the TLS parameters itself), as the
## role {{ $c.database.name }}, which owns the schema and database of the same name; the password from Secret
## {{ $c.database.existingSecret }} (environment variable QUARKUS_DATASOURCE_PASSWORD)
quarkus.datasource.jdbc.url=jdbc:postgresql://{{ $pgHost }}:{{ $v.postgresql.port }}/{{ $c.database.name }}
quarkus.datasource.reactive.url=postgresql://{{ $pgHost }}:{{ $v.postgresql.port }}/{{ $c.database.name }}
quarkus.datasource.username={{ $c.database.name }}
capif.datasource.ca-cert=/etc/capif/postgresql/ca.crt

## {{ .component }}
{{- if eq .component "invoker-management" }}
capif.api-root={{ $c.apiRoot | default $v.global.apiRoot }}
capif.ca.cert=/etc/capif/ca/ca.crt
capif.ca.key=/etc/capif/ca/ca.key
capif.ca.certificate-validity={{ $c.certificateValidity }}
capif.credential.signing-key=/etc/capif/credential/credential-signing.key
capif.credential.verification-key=/etc/capif/credential/credential-signing.pub
capif.credential.issuer={{ $c.credentialIssuer }}
capif.credential.audience={{ $c.credentialAudience }}
capif.credential.default-lifetime={{ $c.credentialDefaultLifetime }}
capif.credential.max-lifetime={{ $c.credentialMaxLifetime }}
{{- else if eq .component "authorization-function" }}
capif.api-root={{ $c.apiRoot | default $v.global.apiRoot }}
capif.token.issuer={{ $v.global.tokenIssuer }}
capif.token.lifetime={{ $c.tokenLifetime }}
capif.token.keys-dir=/etc/capif/token-keys
{{- else if eq .component "token-validator" }}
{{- $af := index $table "authorization-function" }}
capif.token.issuer={{ $v.global.tokenIssuer }}
capif.token.max-lifetime={{ $v.authorizationFunction.tokenLifetime }}
capif.jwks.uri=https://{{ include "capif.fullname" (dict "root" $root "component" "authorization-function") }}:{{ $af.apiPort }}/.well-known/jwks.json
capif.jwks.client-cert=/etc/capif/tls/tls.crt
capif.jwks.client-key=/etc/capif/tls/tls.key
capif.policy.lease-size={{ $c.policyLeaseSize }}
{{- with $c.invocationLogAefs }}
capif.invocation-log.aefs={{ join "," . }}
{{- end }}
{{- else if eq .component "provider-management" }}
capif.api-root={{ $c.apiRoot | default $v.global.apiRoot }}
capif.ca.cert=/etc/capif/ca/ca.crt
capif.ca.key=/etc/capif/ca/ca.key
capif.ca.certificate-validity={{ $c.certificateValidity }}
capif.credential.signing-key=/etc/capif/credential/credential-signing.key
capif.credential.verification-key=/etc/capif/credential/credential-signing.pub
capif.credential.issuer={{ $c.credentialIssuer }}
capif.credential.audience={{ $c.credentialAudience }}
capif.credential.default-lifetime={{ $c.credentialDefaultLifetime }}
capif.credential.max-lifetime={{ $c.credentialMaxLifetime }}
capif.publish.allow-internal-addresses={{ $c.publish.allowInternalAddresses }}
capif.publish.max-apis-per-apf={{ $c.publish.maxApisPerApf }}
capif.sdk-compat.enabled={{ $c.sdkCompat.enabled }}
capif.sdk-compat.onboarding-audience={{ $v.invokerManagement.credentialAudience }}
capif.sdk-compat.lockout-attempts={{ $c.sdkCompat.lockoutAttempts }}
capif.sdk-compat.lockout-duration={{ $c.sdkCompat.lockoutDuration }}
capif.sdk-compat.credential-lifetime={{ $c.sdkCompat.credentialLifetime }}
{{- else if eq .component "event-management" }}
capif.api-root={{ $c.apiRoot | default $v.global.apiRoot }}
{{- with $c.callbacks.allowedNetworks }}
capif.callbacks.allowed-networks={{ join "," . }}
{{- end }}
capif.callbacks.allow-http={{ $c.callbacks.allowHttp }}
{{- if $c.callbacks.trustSecret }}
capif.callbacks.trust-certs=/etc/capif/callbacks/ca.crt
{{- end }}
capif.callbacks.connect-timeout={{ $c.callbacks.connectTimeout }}
capif.callbacks.read-timeout={{ $c.callbacks.readTimeout }}
capif.delivery.threads={{ $c.delivery.threads }}
capif.delivery.give-up-after={{ $c.delivery.giveUpAfter }}
capif.delivery.max-queue={{ $c.delivery.maxQueue }}
capif.events.max-subscriptions-per-subscriber={{ $c.maxSubscriptionsPerSubscriber }}
capif.logs.retention={{ $c.logs.retention }}
capif.logs.max-rows={{ $c.logs.maxRows | int64 }}
{{- end }}
{{- end -}}
