{{/* Chart name, overridable. */}}
{{- define "bri-context.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: <release>-<chart> unless the release name already contains the chart name. */}}
{{- define "bri-context.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "bri-context.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Names of objects derived from the full name, each cut so that the suffix fits: 63 characters for most names and
label values, 52 for a CronJob (the controller appends 11 characters to name its Jobs).
*/}}
{{- define "bri-context.suffixedName" -}}
{{- $name := index . 0 }}{{ $suffix := index . 1 }}{{ $max := index . 2 }}
{{- printf "%s-%s" ($name | trunc (int (sub $max (add 1 (len $suffix)))) | trimSuffix "-") $suffix }}
{{- end }}

{{- define "bri-context.backupCronJobName" -}}
{{- include "bri-context.suffixedName" (list (include "bri-context.fullname" .) "backup" 52) }}
{{- end }}

{{/* "true" with storage.engine postgresql. */}}
{{- define "bri-context.postgresql" -}}
{{- if eq .Values.storage.engine "postgresql" }}true{{ end }}
{{- end }}

{{/*
Whether the backup CronJob is rendered: enabled, a service pod runs that it could ask, and the engine is SQLite
(on PostgreSQL the service takes no file backups: CloudNativePG backs the database up).
*/}}
{{- define "bri-context.backupCronJobEnabled" -}}
{{- if and .Values.backup.cronjob.enabled (gt (int .Values.replicaCount) 0) (not (include "bri-context.postgresql" .)) }}true{{ end }}
{{- end }}

{{/* Data and backup directories: the volumes with SQLite; per-pod directories under /tmp with PostgreSQL. */}}
{{- define "bri-context.dataDir" -}}
{{- if include "bri-context.postgresql" . }}/tmp/data{{ else }}{{ .Values.persistence.data.mountPath }}{{ end }}
{{- end }}

{{- define "bri-context.backupDir" -}}
{{- if include "bri-context.postgresql" . }}/tmp/backups{{ else }}{{ .Values.persistence.backups.mountPath }}{{ end }}
{{- end }}

{{/* Where the API keys Secret is mounted (a directory: a subPath mount would never see the kubelet's updates). */}}
{{- define "bri-context.apiKeysDir" -}}
/etc/bri/api-keys
{{- end }}

{{/*
Combinations the schema cannot express clearly, refused with a message that says what to do. Included by the
ConfigMap, which every render has.
*/}}
{{- define "bri-context.validate" -}}
{{- $pg := include "bri-context.postgresql" . -}}
{{- if $pg }}
{{- if not .Values.redis.enabled }}
{{- fail "storage.engine=postgresql needs Redis (redis.enabled=true with redis.hosts or redis.existingSecret): the replicas invalidate each other's caches through it" }}
{{- end }}
{{- if not .Values.storage.postgresql.existingSecret }}
{{- fail "storage.engine=postgresql needs storage.postgresql.existingSecret (JDBC URL, user, password; a CloudNativePG Cluster's <cluster>-app Secret)" }}
{{- end }}
{{- if .Values.backup.restore.enabled }}
{{- fail "backup.restore is SQLite's: on PostgreSQL restore with CloudNativePG (docs/KUBERNETES.md, HA mode on PostgreSQL)" }}
{{- end }}
{{- if .Values.offsite.enabled }}
{{- fail "offsite copies the SQLite backup directory: on PostgreSQL, CloudNativePG's barman-cloud backups go to object storage" }}
{{- end }}
{{- end }}
{{- if and .Values.auth.api.enabled (not .Values.auth.api.keysSecret) }}
{{- fail "auth.api.enabled needs auth.api.keysSecret, an existing Secret with the keys file (bri-context keys new)" }}
{{- end }}
{{- if .Values.offsite.enabled }}
{{- if not .Values.offsite.bucket }}{{ fail "offsite.enabled needs offsite.bucket" }}{{ end }}
{{- if not .Values.offsite.credentials.existingSecret }}
{{- fail "offsite.enabled needs offsite.credentials.existingSecret (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): credentials never go into values" }}
{{- end }}
{{- end }}
{{- if and .Values.backup.restore.enabled .Values.backup.restore.fromS3 }}
{{- if gt (int .Values.replicaCount) 0 }}
{{- fail "backup.restore.fromS3 restores offline onto the volumes: set replicaCount=0 (the service stopped) for the restore, and back to 1 after it" }}
{{- end }}
{{- if not .Values.offsite.enabled }}{{ fail "backup.restore.fromS3 needs the offsite settings (offsite.enabled, bucket, credentials) of the bucket to restore from" }}{{ end }}
{{- if not (and .Values.persistence.data.enabled .Values.persistence.backups.enabled) }}
{{- fail "backup.restore.fromS3 restores onto the data and backup claims: persistence.data.enabled and persistence.backups.enabled" }}
{{- end }}
{{- if not .Values.offsite.identity.existingSecret }}
{{- fail "backup.restore.fromS3 needs offsite.identity.existingSecret, the age identity that decrypts the bucket's objects" }}
{{- end }}
{{- if .Values.backup.restore.dryRun }}{{ fail "backup.restore.fromS3 has no dry run: list and verify with `backup list --remote` / `backup verify --remote ID` first" }}{{ end }}
{{- end }}
{{- end }}

{{/* AWS credentials of the bucket from the existing Secret (the service and the restore-from-bucket Job). */}}
{{- define "bri-context.offsiteCredentialsEnv" -}}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ .Values.offsite.credentials.existingSecret }}
      key: {{ .Values.offsite.credentials.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.offsite.credentials.existingSecret }}
      key: {{ .Values.offsite.credentials.secretAccessKeyKey }}
{{- end }}

{{/* Labels on every object, without the component (each object adds its own). */}}
{{- define "bri-context.labels" -}}
helm.sh/chart: {{ include "bri-context.chart" . }}
app.kubernetes.io/name: {{ include "bri-context.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: bri
{{- end }}

{{/*
Selector labels of the service pod: name, instance and component "server". The component keeps the backup, restore
and test pods (same name and instance) out of the Service, the PDB and the NetworkPolicy. Immutable in Deployments.
*/}}
{{- define "bri-context.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bri-context.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end }}

{{/* Labels of the service pod's objects (Deployment, pod, Service, PDB, NetworkPolicy). */}}
{{- define "bri-context.serverLabels" -}}
{{ include "bri-context.labels" . }}
app.kubernetes.io/component: server
{{- end }}

{{/* Label on the release's own client pods (backup, restore, tests): the NetworkPolicy lets them in. */}}
{{- define "bri-context.clientLabel" -}}
bri.dev/client-of: {{ include "bri-context.fullname" . | quote }}
{{- end }}

{{/* Environment variables the chart sets itself; `config` must not set them again (the schema refuses them too). */}}
{{- define "bri-context.checkConfig" -}}
{{- $chartKeys := list "BRI_DATA_DIR" "BRI_BACKUP_DIR" "BRI_ADMIN_TOKEN" "BRI_BACKUP_CRON" "BRI_CACHE_REDIS_ENABLED" "QUARKUS_REDIS_HOSTS" "JAVA_MAX_MEM_RATIO" "BRI_STORAGE_POOL_SIZE" "BRI_STORAGE_CACHE_SIZE_KIB" "BRI_STORAGE_ENGINE" "QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL" "QUARKUS_DATASOURCE_POSTGRESQL_USERNAME" "QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD" "BRI_AUTH_ENABLED" "BRI_AUTH_KEYS_FILE" "BRI_AUTH_RELOAD_INTERVAL" "BRI_RATE_LIMIT_ENABLED" "BRI_RATE_LIMIT_READ" "BRI_RATE_LIMIT_SEARCH" "BRI_RATE_LIMIT_WRITE" "BRI_BACKUP_S3_BUCKET" "BRI_BACKUP_S3_ENDPOINT" "BRI_BACKUP_S3_REGION" "BRI_BACKUP_S3_PREFIX" "BRI_BACKUP_S3_PATH_STYLE_ACCESS" "BRI_BACKUP_S3_INTERVAL" "BRI_BACKUP_S3_SKIP_REMOTE_DELETION" "BRI_BACKUP_S3_OBJECT_LOCK_MODE" "BRI_BACKUP_S3_OBJECT_LOCK_RETAIN_DAYS" "BRI_BACKUP_ENCRYPTION_RECIPIENTS" "BRI_BACKUP_ENCRYPTION_IDENTITY_FILE" "BRI_BACKUP_ENCRYPTION_LOCAL" "AWS_ACCESS_KEY_ID" "AWS_SECRET_ACCESS_KEY" }}
{{- range $key := $chartKeys }}
{{- if hasKey $.Values.config $key }}
{{- fail (printf "config.%s is set by the chart itself; use the chart's own value for it" $key) }}
{{- end }}
{{- end }}
{{- end }}

{{- define "bri-context.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "bri-context.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "bri-context.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The HTTP port of the application (quarkus.http.port in application.properties). */}}
{{- define "bri-context.httpPort" -}}
8080
{{- end }}

{{/* In-cluster base URL of the service, used by the backup, restore and test pods. */}}
{{- define "bri-context.url" -}}
{{- printf "http://%s:%v" (include "bri-context.fullname" .) .Values.service.port }}
{{- end }}

{{/* existingSecret, else the chart's Secret: "<fullname>" for a given token, "<fullname>-generated" otherwise. */}}
{{- define "bri-context.adminSecretName" -}}
{{- if .Values.auth.existingSecret }}
{{- .Values.auth.existingSecret }}
{{- else if .Values.auth.adminToken }}
{{- include "bri-context.fullname" . }}
{{- else }}
{{- include "bri-context.suffixedName" (list (include "bri-context.fullname" .) "generated" 63) }}
{{- end }}
{{- end }}

{{- define "bri-context.adminSecretKey" -}}
{{- if .Values.auth.existingSecret }}{{ .Values.auth.existingSecretKey }}{{ else }}admin-token{{ end }}
{{- end }}

{{/*
The admin token of the chart's Secret: auth.adminToken, else the token of the live Secret, else a new random one.
No token given: generated on the first install and reused on every later render (lookup reads the live Secret),
so upgrades keep the token. The Secret is a normal resource, not a hook: switching an existing release to a
generated token creates it. GitOps tools render without cluster access (lookup is empty there): use
auth.existingSecret with them. GeneratedTokenTest renders this against a stand-in API server.
*/}}
{{- define "bri-context.adminToken" -}}
{{- $token := .Values.auth.adminToken -}}
{{- if not $token -}}
{{- $name := include "bri-context.adminSecretName" . -}}
{{- $live := lookup "v1" "Secret" .Release.Namespace $name -}}
{{- if and $live $live.data (hasKey $live.data "admin-token") -}}
{{- $token = index $live.data "admin-token" | b64dec -}}
{{- else -}}
{{- $token = randAlphaNum 48 -}}
{{- end -}}
{{- end -}}
{{- $token -}}
{{- end }}

{{/* BRI_ADMIN_TOKEN from the Secret. */}}
{{- define "bri-context.adminTokenEnv" -}}
- name: BRI_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "bri-context.adminSecretName" . }}
      key: {{ include "bri-context.adminSecretKey" . }}
{{- end }}

{{/* Pod-level security context: Kubernetes "restricted" Pod Security Standard. */}}
{{- define "bri-context.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
fsGroup: {{ .Values.podSecurityContext.fsGroup }}
fsGroupChangePolicy: {{ .Values.podSecurityContext.fsGroupChangePolicy }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level security context: "restricted" plus a read-only root filesystem. */}}
{{- define "bri-context.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Writable /tmp (sqlite-jdbc extracts its JNI library to java.io.tmpdir; the JVM writes perf data there). */}}
{{- define "bri-context.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}

{{- define "bri-context.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* Scheduling settings shared by every pod of the release. */}}
{{- define "bri-context.scheduling" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Arguments of the backup client, the same for the CronJob and a Job created from it with kubectl. */}}
{{- define "bri-context.backupArgs" -}}
- backup
- create
- --url
- {{ include "bri-context.url" . }}
{{- if .Values.backup.cronjob.verify }}
- --verify
{{- end }}
{{- if .Values.backup.cronjob.cleanup }}
- --cleanup
{{- end }}
{{- end }}
