package io.clickstream.k8s.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where things are in the repository; tests run with this module's folder as working directory. */
public final class Repository {

    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    public static final Path K8S = ROOT.resolve("k8s");
    public static final Path TOOLS = ROOT.resolve("tools");

    private Repository() {
    }

    /** A service's module folder ({@code producer}, {@code sink}, {@code dashboard}). */
    public static Path module(String service) {
        return ROOT.resolve(service);
    }

    /** True when a container of this name is one of the repository's services (a module with its own config). */
    public static boolean isService(String name) {
        return name != null && name.matches("[a-z][a-z0-9-]*")
                && Files.isRegularFile(module(name).resolve("src/main/resources/application.properties"));
    }
}
