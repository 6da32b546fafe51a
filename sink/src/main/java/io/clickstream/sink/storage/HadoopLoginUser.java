package io.clickstream.sink.storage;

import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.security.UserGroupInformation;

/**
 * Hadoop's login asks the OS for the process's user name (through JAAS) and fails with "Invalid UID, could not
 * determine effective user" ("invalid null input: name") when the UID has no passwd entry, as when Kubernetes
 * runs the container under another UID than the image's. {@code HADOOP_USER_NAME} alone does not help: Hadoop
 * still asks the OS first. So when it is set, the sink makes that name Hadoop's login user itself, before any
 * file system is opened, and the OS is never asked.
 */
public final class HadoopLoginUser {

    public static final String ENV = "HADOOP_USER_NAME";

    private HadoopLoginUser() {
    }

    /** Sets Hadoop's login user from {@code HADOOP_USER_NAME}, if set; returns the name used. */
    public static Optional<String> fromEnvironment(Map<String, String> env) {
        String name = env.get(ENV);
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        UserGroupInformation.setLoginUser(UserGroupInformation.createRemoteUser(name.trim()));
        return Optional.of(name.trim());
    }
}
