{{/*
application.properties of one component (.root, .component). No secret is ever written here: passwords reach the
service as environment variables from Secrets, and files (keys, certificates) are mounted from Secrets.
Mount points: /etc/capif/tls (own certificate), /etc/capif/trust (CAPIF CA), /etc/capif/kafka (Kafka CA),
/etc/capif/postgresql (PostgreSQL CA), /etc/capif/ca (signing CA), /etc/capif/credential, /etc/capif/token-keys.
*/}}
{{- define "capif.properties" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $table := include "capif.componentTable" $root | fromYaml -}}
{{- $t := index $table .component -}}
{{- $c := index $v $t.key -}}
{{- $pgHost := $c.database.host | default $v.postgresql.host -}}
## Ports (TLS) and graceful shutdown
quarkus.http.ssl-port={{ $t.apiPort }}
quarkus.management.port={{ $t.managementPort }}
quarkus.shutdown.timeout={{ $v.pod.shutdownTimeoutSeconds }}s

## This service's certificate (server and client identity urn:capif:service:{{ .component }}) and the CAPIF CA
capif.tls.ca-cert=/etc/capif/trust/ca.crt
capif.tls.cert=/etc/capif/tls/tls.crt
capif.tls.key=/etc/capif/tls/tls.key

## Kafka: TLS with authentication ({{ $v.kafka.authentication }})
kafka.bootstrap.servers={{ $v.kafka.bootstrapServers }}
kafka.ssl.truststore.type=PEM
kafka.ssl.truststore.location=/etc/capif/kafka/ca.crt
{{- if eq $v.kafka.authentication "mtls" }}
kafka.security.protocol=SSL
kafka.ssl.keystore.type=PEM
kafka.ssl.keystore.location=/etc/capif/tls/tls-combined.pem
{{- else }}
kafka.security.protocol=SASL_SSL
kafka.sasl.mechanism=SCRAM-SHA-512
kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${CAPIF_KAFKA_USERNAME}" password="${CAPIF_KAFKA_PASSWORD}";
{{- end }}
{{- range $k, $val := $v.kafka.extraProperties }}
kafka.{{ $k }}={{ $val }}
{{- end }}
capif.kafka.create-topics={{ $v.kafka.createTopics }}
capif.kafka.partitions={{ $v.kafka.topicPartitions }}
capif.kafka.replication-factor={{ $v.kafka.topicReplicationFactor }}

## PostgreSQL: TLS ({{ $v.postgresql.sslMode }}) against the server's CA; login from the Secret
quarkus.datasource.jdbc.url=jdbc:postgresql://{{ $pgHost }}:{{ $v.postgresql.port }}/{{ $c.database.name }}?sslmode={{ $v.postgresql.sslMode }}&sslrootcert=/etc/capif/postgresql/ca.crt
quarkus.datasource.reactive.url=postgresql://{{ $pgHost }}:{{ $v.postgresql.port }}/{{ $c.database.name }}
quarkus.datasource.reactive.postgresql.ssl-mode={{ $v.postgresql.sslMode }}
quarkus.datasource.reactive.trust-certificate-pem=true
quarkus.datasource.reactive.trust-certificate-pem.certs=/etc/capif/postgresql/ca.crt
quarkus.datasource.reactive.hostname-verification-algorithm={{ if eq $v.postgresql.sslMode "verify-full" }}HTTPS{{ else }}NONE{{ end }}

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
{{- range $i, $api := $c.catalogue }}
capif.catalogue.apis[{{ $i }}].api-id={{ $api.apiId }}
capif.catalogue.apis[{{ $i }}].api-name={{ $api.apiName }}
capif.catalogue.apis[{{ $i }}].aef-id={{ $api.aefId }}
capif.catalogue.apis[{{ $i }}].domain-name={{ $api.domainName }}
capif.catalogue.apis[{{ $i }}].security-methods={{ join "," $api.securityMethods }}
capif.catalogue.apis[{{ $i }}].version={{ $api.version | default "v1" }}
{{- end }}
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
capif.policy.replicas={{ if $c.autoscaling.enabled }}{{ $c.autoscaling.maxReplicas }}{{ else }}{{ $c.replicaCount }}{{ end }}
capif.policy.lease-size={{ $c.policyLeaseSize }}
{{- else if eq .component "provider-management" }}
capif.api-root={{ $c.apiRoot | default $v.global.apiRoot }}
capif.ca.cert=/etc/capif/ca/ca.crt
capif.ca.key=/etc/capif/ca/ca.key
capif.ca.certificate-validity={{ $c.certificateValidity }}
capif.credential.signing-key=/etc/capif/credential/credential-signing.key
capif.credential.verification-key=/etc/capif/credential/credential-signing.pub
capif.credential.issuer={{ $c.credentialIssuer }}
capif.credential.audience={{ $c.credentialAudience }}
{{- end }}
{{- with $c.extraConfig }}

## Extra (values: {{ $t.key }}.extraConfig)
{{- range $k, $val := . }}
{{ $k }}={{ $val }}
{{- end }}
{{- end }}
{{- end -}}
