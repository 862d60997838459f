package dev.bri.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md names every setting with its environment variable and its default: every key of every
 * {@code @ConfigMapping} interface of the application (found by reflection) and every entry of application.properties.
 */
class ConfigurationDocsTest {

    /** One configuration key; {@code defaultValue} is null when the key has none. */
    record Setting(String key, String defaultValue, String declaredIn) {

        /** SmallRye's rule: every character that is not a letter or digit becomes '_', then upper case. */
        String env() {
            return env(key);
        }

        static String env(String key) {
            return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
        }
    }

    @Test
    void mappingWalkerFindsTheFoundationsKeys() {
        // guards the reflection below: if it silently found nothing, the other tests would pass vacuously
        Map<String, Setting> keys = mappedSettings();
        assertThat(keys).containsKeys("bri.data-dir", "bri.storage.busy-timeout-ms", "bri.storage.synchronous",
                "bri.admin.token", "bri.api.max-body-bytes", "bri.context.max-batch-items");
        assertThat(keys.get("bri.storage.synchronous").defaultValue()).isEqualTo("FULL");
        assertThat(keys.get("bri.admin.token").defaultValue()).isNull();
        assertThat(Setting.env("bri.storage.busy-timeout-ms")).isEqualTo("BRI_STORAGE_BUSY_TIMEOUT_MS");
    }

    @Test
    void everyConfigMappingKeyIsDocumentedWithItsEnvironmentVariableAndDefault() throws IOException {
        String doc = Docs.read("docs/CONFIGURATION.md");
        Properties properties = applicationProperties();
        List<String> missing = new ArrayList<>();
        for (Setting setting : mappedSettings().values()) {
            // application.properties overrides the @WithDefault, so it is the default an operator sees
            String effectiveDefault = properties.getProperty(setting.key(), setting.defaultValue());
            if (documentingLine(doc, setting.key(), setting.env(), effectiveDefault) == null) {
                missing.add(describe(setting.key(), setting.env(), effectiveDefault) + " from " + setting.declaredIn());
            }
        }
        assertThat(missing).as("settings missing from docs/CONFIGURATION.md (one table row each: `key`, `ENV_VAR`, "
                + "`default`)").isEmpty();
    }

    @Test
    void everyApplicationPropertiesEntryIsDocumentedWithItsEnvironmentVariableAndValue() throws IOException {
        String doc = Docs.read("docs/CONFIGURATION.md");
        List<String> missing = new ArrayList<>();
        Properties properties = applicationProperties();
        for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
            if (key.startsWith("%")) {
                continue; // profile-specific (dev, test): not something an operator sets
            }
            String value = properties.getProperty(key);
            if (documentingLine(doc, key, Setting.env(key), value) == null) {
                missing.add(describe(key, Setting.env(key), value));
            }
        }
        assertThat(missing).as("application.properties entries missing from docs/CONFIGURATION.md").isEmpty();
    }

    private static String describe(String key, String env, String value) {
        return "`" + key + "` `" + env + "`" + (value == null ? "" : " `" + value + "`");
    }

    /** A line that names the key and its env var in backticks, and the default (when there is one) in backticks. */
    private static String documentingLine(String doc, String key, String env, String defaultValue) {
        for (String line : doc.split("\n")) {
            if (line.contains("`" + key + "`") && line.contains("`" + env + "`")
                    && (defaultValue == null || line.contains("`" + defaultValue + "`"))) {
                return line;
            }
        }
        return null;
    }

    static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Docs.read("src/main/resources/application.properties")));
        return properties;
    }

    /** Every key of every @ConfigMapping interface under dev.bri, with its @WithDefault. */
    static Map<String, Setting> mappedSettings() {
        Map<String, Setting> settings = new TreeMap<>();
        for (Class<?> type : ProductionClasses.all()) {
            ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
            if (mapping != null) {
                walk(type, mapping.prefix(), type.getSimpleName(), settings);
            }
        }
        return settings;
    }

    private static void walk(Class<?> group, String prefix, String declaredIn, Map<String, Setting> out) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.isSynthetic()
                    || method.getParameterCount() > 0) {
                continue;
            }
            String key;
            if (method.isAnnotationPresent(WithParentName.class)) {
                key = prefix;
            } else {
                WithName name = method.getAnnotation(WithName.class);
                key = join(prefix, name != null ? name.value() : kebab(method.getName()));
            }
            WithDefault withDefault = method.getAnnotation(WithDefault.class);
            String defaultValue = withDefault == null ? null : withDefault.value();
            Class<?> raw = method.getReturnType();
            Type generic = method.getGenericReturnType();
            if (raw == Optional.class) {
                Class<?> element = typeArgument(generic, 0);
                if (isGroup(element)) {
                    walk(element, key, declaredIn, out);
                } else {
                    out.put(key, new Setting(key, defaultValue, declaredIn));
                }
            } else if (Map.class.isAssignableFrom(raw)) {
                Class<?> value = typeArgument(generic, 1);
                if (isGroup(value)) {
                    walk(value, key + ".*", declaredIn, out);
                } else {
                    out.put(key + ".*", new Setting(key + ".*", defaultValue, declaredIn));
                }
            } else if (Collection.class.isAssignableFrom(raw) && isGroup(typeArgument(generic, 0))) {
                walk(typeArgument(generic, 0), key + "[*]", declaredIn, out);
            } else if (isGroup(raw)) {
                walk(raw, key, declaredIn, out);
            } else {
                out.put(key, new Setting(key, defaultValue, declaredIn));
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static Class<?> typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            Type argument = p.getActualTypeArguments()[index];
            if (argument instanceof Class<?> c) {
                return c;
            }
            if (argument instanceof ParameterizedType inner) {
                return (Class<?>) inner.getRawType();
            }
        }
        return Object.class;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : name.isEmpty() ? prefix : prefix + "." + name;
    }

    /** SmallRye's default naming: busyTimeoutMs -> busy-timeout-ms. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }
}
