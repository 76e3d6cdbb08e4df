{{/*
Refuses values that cannot make a working, secure installation. Every failure names the --set that fixes it.
*/}}
{{- define "capif.validateValues" -}}
{{- $root := . -}}
{{- $v := .Values -}}
{{- $table := include "capif.componentTable" . | fromYaml -}}
{{- include "capif.require" (dict "key" "global.apiRoot" "value" $v.global.apiRoot "why" "the public https URL of the CAPIF APIs, used in Location headers" "example" "https://capif.example.com") -}}
{{- if not (hasPrefix "https://" $v.global.apiRoot) -}}
{{- fail "\n\nCAPIF: global.apiRoot must start with https://\n  fix: --set global.apiRoot=https://capif.example.com\n" -}}
{{- end -}}
{{- include "capif.require" (dict "key" "global.tokenIssuer" "value" $v.global.tokenIssuer "why" "the iss of access tokens" "example" "https://capif.example.com/capif-security") -}}
{{- include "capif.require" (dict "key" "kafka.bootstrapServers" "value" $v.kafka.bootstrapServers "why" "the Kafka cluster's TLS listener" "example" "kafka-bootstrap.kafka:9093") -}}
{{- include "capif.require" (dict "key" "kafka.tls.caSecret" "value" $v.kafka.tls.caSecret "why" "a Secret with the CA of the Kafka brokers' certificates (ca.crt)") -}}
{{- include "capif.require" (dict "key" "postgresql.tls.caSecret" "value" $v.postgresql.tls.caSecret "why" "a Secret with the CA of the PostgreSQL server certificate (ca.crt)") -}}
{{- range $k, $val := $v.kafka.extraProperties -}}
{{- if and (not (kindIs "invalid" $val)) (regexMatch "(?i)(^security\\.protocol$|^ssl\\.|^sasl\\.|^tls-configuration-name$|password|jaas|secret)" $k) -}}
{{- fail (printf "\n\nCAPIF: kafka.extraProperties.%s is refused: Kafka security comes from kafka.authentication, kafka.tls and the components' kafka.existingSecret only (the services refuse kafka.security.protocol, kafka.ssl.* and kafka.sasl.*)\n  fix: --set kafka.extraProperties.%s=null\n" $k (replace "." "\\." $k)) -}}
{{- end -}}
{{- end -}}
{{- if and $v.tokenValidator.enabled (not $v.authorizationFunction.enabled) -}}
{{- fail "\n\nCAPIF: the token validator needs the authorization function (its JWK Set and revocations)\n  fix: --set authorizationFunction.enabled=true\n" -}}
{{- end -}}
{{- $p := $v.pod -}}
{{- if le (int $p.terminationGracePeriodSeconds) (add $p.preStopSleepSeconds $p.shutdownTimeoutSeconds | int) -}}
{{- fail (printf "\n\nCAPIF: pod.terminationGracePeriodSeconds (%d) must exceed pod.preStopSleepSeconds + pod.shutdownTimeoutSeconds (%d), or Kubernetes kills requests the service is finishing\n  fix: --set pod.terminationGracePeriodSeconds=%d\n" (int $p.terminationGracePeriodSeconds) (add $p.preStopSleepSeconds $p.shutdownTimeoutSeconds | int) (add $p.preStopSleepSeconds $p.shutdownTimeoutSeconds 10 | int)) -}}
{{- end -}}
{{- range $name, $t := $table -}}
{{- $c := index $v $t.key -}}
{{- if $c.enabled -}}
{{- $k := $t.key -}}
{{- include "capif.require" (dict "key" (printf "%s.image.repository" $k) "value" $c.image.repository "why" (printf "the %s image" $name)) -}}
{{- include "capif.require" (dict "key" (printf "%s.database.existingSecret" $k) "value" $c.database.existingSecret "why" (printf "a Secret with the password of %s's database role %s (key %s)" $name $c.database.name $c.database.passwordKey)) -}}
{{- if not (or $c.database.host $v.postgresql.host) -}}
{{- fail (printf "\n\nCAPIF: no PostgreSQL host for %s\n  fix: --set postgresql.host=... (or --set %s.database.host=...)\n" $name $k) -}}
{{- end -}}
{{- if not $c.certificate.existingSecret -}}
{{- if not $v.tls.certManager.enabled -}}
{{- fail (printf "\n\nCAPIF: %s needs its own TLS certificate: cert-manager is disabled and %s.certificate.existingSecret is empty\n  fix: --set %s.certificate.existingSecret=... (tls.crt, tls.key, ca.crt) or --set tls.certManager.enabled=true\n" $name $k $k) -}}
{{- end -}}
{{- include "capif.require" (dict "key" "tls.certManager.issuerRef.name" "value" $v.tls.certManager.issuerRef.name "why" (printf "the cert-manager issuer of %s's certificate" $name)) -}}
{{- end -}}
{{- if hasPrefix "scram-" $v.kafka.authentication -}}
{{- include "capif.require" (dict "key" (printf "%s.kafka.existingSecret" $k) "value" $c.kafka.existingSecret "why" (printf "a Secret with the SCRAM password of the Kafka user %s (key %s)" $name $c.kafka.passwordKey)) -}}
{{- end -}}
{{- if $t.signsCertificates -}}
{{- include "capif.require" (dict "key" (printf "%s.caSecret" $k) "value" $c.caSecret "why" "the CA that signs client certificates (ca.crt, ca.key)") -}}
{{- end -}}
{{- if $t.credentials -}}
{{- include "capif.require" (dict "key" (printf "%s.credentialSecret" $k) "value" $c.credentialSecret "why" "the credential keys (credential-signing.key, credential-signing.pub)") -}}
{{- end -}}
{{- if $t.signingKeys -}}
{{- include "capif.require" (dict "key" (printf "%s.signingKeysSecret" $k) "value" $c.signingKeysSecret "why" "the token signing keys (<kid>.key, active-kid)") -}}
{{- end -}}
{{- if and $c.autoscaling.enabled (gt (int $c.autoscaling.minReplicas) (int $c.autoscaling.maxReplicas)) -}}
{{- fail (printf "\n\nCAPIF: %s.autoscaling.minReplicas exceeds maxReplicas\n  fix: --set %s.autoscaling.maxReplicas=%d\n" $k $k (int $c.autoscaling.minReplicas)) -}}
{{- end -}}
{{- if and $t.exposable (or $v.expose.gatewayApi.enabled $v.expose.ingress.enabled) -}}
{{- include "capif.require" (dict "key" (printf "%s.publicHost" $k) "value" $c.publicHost "why" (printf "the host name (TLS SNI) that routes to %s" $name) "example" (printf "%s.capif.example.com" $name)) -}}
{{- end -}}
{{- $written := include "capif.chartProperties" (dict "root" $root "component" $name) -}}
{{- range $ck, $cv := $c.extraConfig -}}
{{- if not (kindIs "invalid" $cv) -}}
{{- $unset := printf "\n  fix: --set %s.extraConfig.%s=null\n" $k (replace "." "\\." $ck) -}}
{{- if regexMatch "(?i)(password|jaas|secret|credential\\.signing-key)" $ck -}}
{{- fail (printf "\n\nCAPIF: %s.extraConfig.%s is refused: credentials come from Secrets, never from the ConfigMap%s" $k $ck $unset) -}}
{{- end -}}
{{- if regexMatch "(?i)(^kafka\\.(security\\.protocol|ssl\\.|sasl\\.|tls-configuration-name)|^quarkus\\.datasource\\..*(ssl|trust|hostname-verification|jdbc-properties|additional-properties)|^capif\\.(datasource|kafka\\.(security-protocol|trust-certs|client-cert|client-key|sasl))\\.)" $ck -}}
{{- fail (printf "\n\nCAPIF: %s.extraConfig.%s is refused: Kafka and PostgreSQL security come from the kafka.* and postgresql.* values and the services' own verify-full settings, never from extraConfig%s" $k $ck $unset) -}}
{{- end -}}
{{- if regexMatch (printf "(?m)^%s=" (regexQuoteMeta $ck)) $written -}}
{{- fail (printf "\n\nCAPIF: %s.extraConfig.%s is refused: the chart writes it from the values (docs/deployment.md, \"What the chart writes\"); set that value instead%s" $k $ck $unset) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $pm := $v.providerManagement -}}
{{- if and $pm.enabled $pm.sdkCompat.enabled -}}
{{- if not $v.invokerManagement.enabled -}}
{{- fail "\n\nCAPIF: providerManagement.sdkCompat mints onboarding credentials for invoker-management, which is disabled\n  fix: --set providerManagement.sdkCompat.enabled=false\n" -}}
{{- end -}}
{{- if ne $pm.credentialSecret $v.invokerManagement.credentialSecret -}}
{{- fail (printf "\n\nCAPIF: providerManagement.sdkCompat mints onboarding credentials that invoker-management must verify: both need the same credential keys\n  fix: --set providerManagement.credentialSecret=%s\n" $v.invokerManagement.credentialSecret) -}}
{{- end -}}
{{- if ne $pm.credentialIssuer $v.invokerManagement.credentialIssuer -}}
{{- fail (printf "\n\nCAPIF: providerManagement.sdkCompat mints onboarding credentials that invoker-management must accept: both need the same issuer\n  fix: --set providerManagement.credentialIssuer=%s\n" $v.invokerManagement.credentialIssuer) -}}
{{- end -}}
{{- end -}}
{{- if and $v.expose.gatewayApi.enabled (not $v.expose.gatewayApi.parentRefs) -}}
{{- fail "\n\nCAPIF: expose.gatewayApi.parentRefs names no Gateway for the TLSRoutes\n  fix: --set expose.gatewayApi.parentRefs[0].name=capif-gateway\n" -}}
{{- end -}}
{{- if $v.networkPolicy.enabled -}}
{{- if not (or $v.networkPolicy.invokers $v.networkPolicy.gateways) -}}
{{- fail "\n\nCAPIF: networkPolicy.invokers and networkPolicy.gateways are both empty: no invoker could reach invoker-management or the authorization function\n  fix: --set networkPolicy.invokers[0].ipBlock.cidr=198.51.100.0/24 (the invokers' addresses) or --set networkPolicy.gateways[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=ingress-nginx (the pods that pass their TLS through)\n" -}}
{{- end -}}
{{- if not $v.networkPolicy.providers -}}
{{- fail "\n\nCAPIF: networkPolicy.providers is empty: no AEF could reach the token validator, no AMF or APF provider management\n  fix: --set networkPolicy.providers[0].namespaceSelector.matchLabels.capif\\.io/role=aef\n" -}}
{{- end -}}
{{- if not $v.networkPolicy.egress.kafka.peers -}}
{{- fail "\n\nCAPIF: networkPolicy.egress.kafka.peers is empty: the services could not reach Kafka\n  fix: --set networkPolicy.egress.kafka.peers[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=kafka\n" -}}
{{- end -}}
{{- if not $v.networkPolicy.egress.postgresql.peers -}}
{{- fail "\n\nCAPIF: networkPolicy.egress.postgresql.peers is empty: the services could not reach PostgreSQL\n  fix: --set networkPolicy.egress.postgresql.peers[0].ipBlock.cidr=10.0.0.0/24\n" -}}
{{- end -}}
{{- end -}}
{{- if and $v.metrics.serviceMonitor.enabled (not $v.metrics.serviceMonitor.clientCertificate.existingSecret) (not $v.tls.certManager.enabled) -}}
{{- fail "\n\nCAPIF: the ServiceMonitor needs a monitoring client certificate (urn:capif:monitoring:<name>)\n  fix: --set metrics.serviceMonitor.clientCertificate.existingSecret=... or --set tls.certManager.enabled=true\n" -}}
{{- end -}}
{{- end -}}
