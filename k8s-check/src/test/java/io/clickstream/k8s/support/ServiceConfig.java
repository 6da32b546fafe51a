package io.clickstream.k8s.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * What a service's own configuration declares: its {@code application.properties} and the keys of its
 * {@code @ConfigMapping} interfaces. The mapping keys are derived by reflection over the interfaces compiled in the
 * service's {@code target/classes} (they are on this module's test class path), with SmallRye Config's default
 * naming (kebab-case, {@code @WithName}, {@code @WithParentName}, groups as nested interfaces).
 */
public final class ServiceConfig {

    private static final Map<String, ServiceConfig> CACHE = new ConcurrentHashMap<>();
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^:}$]+)");

    private final String service;
    private final Properties properties;
    /** Keys declared in application.properties (profile prefixes removed), referenced in its values, or mapped. */
    private final Set<String> keys = new TreeSet<>();
    /** Names referenced as {@code ${NAME}} or {@code ${NAME:default}} in application.properties. */
    private final Set<String> references = new TreeSet<>();
    /** Keys of {@code Map}-valued mapping methods: any key below them is read. */
    private final Set<String> mapKeys = new TreeSet<>();

    private ServiceConfig(String service) {
        this.service = service;
        this.properties = new Properties();
        Path file = Repository.module(service).resolve("src/main/resources/application.properties");
        try (Reader r = Files.newBufferedReader(file)) {
            properties.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
            Matcher m = REFERENCE.matcher(properties.getProperty(key));
            while (m.find()) {
                references.add(m.group(1));
                keys.add(m.group(1));
            }
        }
        for (Class<?> mapping : mappingInterfaces(service)) {
            addMappingKeys(mapping, mapping.getAnnotation(ConfigMapping.class).prefix());
        }
    }

    public static ServiceConfig of(String service) {
        return CACHE.computeIfAbsent(service, ServiceConfig::new);
    }

    public String service() {
        return service;
    }

    /** A property as written in application.properties, without profile. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.getProperty(key));
    }

    public Optional<Integer> httpPort() {
        return property("quarkus.http.port").map(Integer::valueOf);
    }

    public Optional<Integer> managementPort() {
        return property("quarkus.management.port").map(Integer::valueOf);
    }

    public boolean managementEnabled() {
        return property("quarkus.management.enabled").map(Boolean::parseBoolean).orElse(false);
    }

    /** SmallRye Config's environment-variable form of a key: upper case, every other character an underscore. */
    public static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Whether the service reads this environment variable through its configuration. */
    public boolean reads(String envVar) {
        if (references.contains(envVar)) {
            return true;
        }
        for (String key : keys) {
            if (envName(key).equals(envVar)) {
                return true;
            }
        }
        for (String map : mapKeys) {
            if (envVar.startsWith(envName(map) + "_")) {
                return true;
            }
        }
        return false;
    }

    private void addMappingKeys(Class<?> group, String prefix) {
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() > 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String name = m.isAnnotationPresent(WithParentName.class) ? ""
                    : m.isAnnotationPresent(WithName.class) ? m.getAnnotation(WithName.class).value() : kebab(m.getName());
            String key = name.isEmpty() ? prefix : prefix + "." + name;
            Type type = m.getGenericReturnType();
            if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
                type = p.getActualTypeArguments()[0];
            }
            Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
            if (Map.class.isAssignableFrom(raw)) {
                mapKeys.add(key);
            } else if (raw.isInterface() && raw.getName().startsWith(group.getPackageName())) {
                addMappingKeys(raw, key);
            } else {
                keys.add(key);
            }
        }
    }

    private static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The {@code @ConfigMapping} interfaces among the service's compiled classes. */
    private static Set<Class<?>> mappingInterfaces(String service) {
        Path classes = Repository.module(service).resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(classes + " is missing: build the service first (./mvnw -pl k8s-check -am verify)");
        }
        Set<Class<?>> found = new java.util.HashSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    Class<?> c = Class.forName(name, false, ServiceConfig.class.getClassLoader());
                    if (c.isInterface() && c.isAnnotationPresent(ConfigMapping.class)) {
                        found.add(c);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // not loadable without the service's runtime (generated or optional classes): not a mapping
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
