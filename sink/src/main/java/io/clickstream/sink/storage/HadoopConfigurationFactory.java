package io.clickstream.sink.storage;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;

import io.clickstream.sink.config.AzureAuth;

/**
 * Builds the Hadoop configuration for the table's location.
 * <p>
 * For ADLS Gen2 ({@code abfs://} or {@code abfss://}) it sets hadoop-azure's per-account keys for the
 * chosen auth mode. Secrets and identities are read from the environment only, never from files:
 * <ul>
 * <li>workload identity: {@code AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID}, {@code AZURE_FEDERATED_TOKEN_FILE},
 * which the AKS webhook injects and hadoop-azure does not read by itself;</li>
 * <li>client credentials: {@code AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_SECRET};</li>
 * <li>shared key: {@code AZURE_STORAGE_ACCOUNT_KEY}.</li>
 * </ul>
 * Extra properties (e.g. an emulator endpoint) are applied last and win.
 */
public final class HadoopConfigurationFactory {

    public static final String WORKLOAD_IDENTITY_PROVIDER = "org.apache.hadoop.fs.azurebfs.oauth2.WorkloadIdentityTokenProvider";
    public static final String CLIENT_CREDS_PROVIDER = "org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider";

    private HadoopConfigurationFactory() {
    }

    /**
     * A table location as an absolute URI: a plain path becomes a {@code file:} URI (so relative paths
     * are resolved against the working directory once, at start).
     */
    public static String normalizeTableUri(String location) {
        String trimmed = location.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getScheme().length() == 1 /* a Windows drive */) {
            String abs = new File(trimmed).getAbsoluteFile().toPath().normalize().toUri().toString();
            return abs.endsWith("/") ? abs.substring(0, abs.length() - 1) : abs;
        }
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    public static boolean isAzure(String tableUri) {
        String scheme = URI.create(tableUri).getScheme();
        return "abfs".equals(scheme) || "abfss".equals(scheme);
    }

    public static Configuration build(String tableUri, AzureAuth auth, Optional<String> oauthEndpoint,
            Map<String, String> extra, Map<String, String> env) {
        Configuration conf = new Configuration();
        // the sink closes file systems itself at shutdown (FileSystem.closeAll)
        conf.setBoolean("fs.automatic.close", false);
        if (isAzure(tableUri)) {
            configureAzure(conf, accountHost(tableUri), auth, oauthEndpoint, env);
        }
        extra.forEach(conf::set);
        return conf;
    }

    /** {@code <account>.dfs.core.windows.net} from {@code abfss://<container>@<account>.dfs.core.windows.net/...}. */
    static String accountHost(String tableUri) {
        URI uri = URI.create(tableUri);
        String host = uri.getHost();
        if (uri.getUserInfo() == null || host == null || !host.contains(".")) {
            throw new IllegalArgumentException("sink.table-uri: expected abfss://<container>@<account>.dfs.core.windows.net/<path>, got "
                    + tableUri);
        }
        return host;
    }

    private static void configureAzure(Configuration conf, String account, AzureAuth auth, Optional<String> oauthEndpoint,
            Map<String, String> env) {
        switch (auth) {
            case SHARED_KEY -> {
                conf.set("fs.azure.account.auth.type." + account, "SharedKey");
                conf.set("fs.azure.account.key." + account, require(env, "AZURE_STORAGE_ACCOUNT_KEY", auth));
            }
            case CLIENT_CREDENTIALS -> {
                String tenant = require(env, "AZURE_TENANT_ID", auth);
                conf.set("fs.azure.account.auth.type." + account, "OAuth");
                conf.set("fs.azure.account.oauth.provider.type." + account, CLIENT_CREDS_PROVIDER);
                conf.set("fs.azure.account.oauth2.client.endpoint." + account,
                        oauthEndpoint.orElse("https://login.microsoftonline.com/" + tenant + "/oauth2/token"));
                conf.set("fs.azure.account.oauth2.client.id." + account, require(env, "AZURE_CLIENT_ID", auth));
                conf.set("fs.azure.account.oauth2.client.secret." + account, require(env, "AZURE_CLIENT_SECRET", auth));
            }
            case WORKLOAD_IDENTITY -> {
                conf.set("fs.azure.account.auth.type." + account, "OAuth");
                conf.set("fs.azure.account.oauth.provider.type." + account, WORKLOAD_IDENTITY_PROVIDER);
                conf.set("fs.azure.account.oauth2.msi.tenant." + account, require(env, "AZURE_TENANT_ID", auth));
                conf.set("fs.azure.account.oauth2.client.id." + account, require(env, "AZURE_CLIENT_ID", auth));
                conf.set("fs.azure.account.oauth2.token.file." + account, require(env, "AZURE_FEDERATED_TOKEN_FILE", auth));
            }
            default -> throw new IllegalArgumentException("unknown auth mode " + auth);
        }
    }

    private static String require(Map<String, String> env, String name, AzureAuth auth) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("sink.storage.azure-auth=" + auth.name().toLowerCase().replace('_', '-')
                    + " needs the environment variable " + name + " (secrets are read from the environment only)");
        }
        return value;
    }
}
