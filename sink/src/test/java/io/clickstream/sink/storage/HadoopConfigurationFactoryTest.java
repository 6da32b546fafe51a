package io.clickstream.sink.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import io.clickstream.sink.config.AzureAuth;

class HadoopConfigurationFactoryTest {

    static final String URI = "abfss://lake@acct.dfs.core.windows.net/delta/clicks";
    static final String ACCOUNT = "acct.dfs.core.windows.net";

    @Test
    void workloadIdentityMapsTheWebhookVariablesIntoHadoopAzureKeys() {
        Configuration c = HadoopConfigurationFactory.build(URI, AzureAuth.WORKLOAD_IDENTITY, Optional.empty(), Map.of(),
                Map.of("AZURE_CLIENT_ID", "cid", "AZURE_TENANT_ID", "tid", "AZURE_FEDERATED_TOKEN_FILE", "/var/run/token"));
        assertThat(c.get("fs.azure.account.auth.type." + ACCOUNT)).isEqualTo("OAuth");
        assertThat(c.get("fs.azure.account.oauth.provider.type." + ACCOUNT))
                .isEqualTo("org.apache.hadoop.fs.azurebfs.oauth2.WorkloadIdentityTokenProvider");
        assertThat(c.get("fs.azure.account.oauth2.client.id." + ACCOUNT)).isEqualTo("cid");
        assertThat(c.get("fs.azure.account.oauth2.msi.tenant." + ACCOUNT)).isEqualTo("tid");
        assertThat(c.get("fs.azure.account.oauth2.token.file." + ACCOUNT)).isEqualTo("/var/run/token");
        // the provider class really exists in the hadoop-azure on the classpath
        assertThat(c.getClassByNameOrNull(c.get("fs.azure.account.oauth.provider.type." + ACCOUNT))).isNotNull();
    }

    @Test
    void clientCredentialsUseTheTenantsTokenEndpointAndTheSecretFromTheEnvironment() {
        Configuration c = HadoopConfigurationFactory.build(URI, AzureAuth.CLIENT_CREDENTIALS, Optional.empty(), Map.of(),
                Map.of("AZURE_CLIENT_ID", "cid", "AZURE_TENANT_ID", "tid", "AZURE_CLIENT_SECRET", "s3cr3t"));
        assertThat(c.get("fs.azure.account.auth.type." + ACCOUNT)).isEqualTo("OAuth");
        assertThat(c.get("fs.azure.account.oauth.provider.type." + ACCOUNT))
                .isEqualTo("org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider");
        assertThat(c.get("fs.azure.account.oauth2.client.endpoint." + ACCOUNT))
                .isEqualTo("https://login.microsoftonline.com/tid/oauth2/token");
        assertThat(c.get("fs.azure.account.oauth2.client.id." + ACCOUNT)).isEqualTo("cid");
        assertThat(c.get("fs.azure.account.oauth2.client.secret." + ACCOUNT)).isEqualTo("s3cr3t");
        assertThat(c.getClassByNameOrNull(c.get("fs.azure.account.oauth.provider.type." + ACCOUNT))).isNotNull();
    }

    @Test
    void sharedKeyComesFromTheEnvironment() {
        Configuration c = HadoopConfigurationFactory.build(URI, AzureAuth.SHARED_KEY, Optional.empty(),
                Map.of("fs.azure.always.use.https", "false"), Map.of("AZURE_STORAGE_ACCOUNT_KEY", "a2V5"));
        assertThat(c.get("fs.azure.account.auth.type." + ACCOUNT)).isEqualTo("SharedKey");
        assertThat(c.get("fs.azure.account.key." + ACCOUNT)).isEqualTo("a2V5");
        assertThat(c.get("fs.azure.always.use.https")).isEqualTo("false");
    }

    @Test
    void aMissingVariableFailsNamingIt() {
        assertThatThrownBy(() -> HadoopConfigurationFactory.build(URI, AzureAuth.WORKLOAD_IDENTITY, Optional.empty(), Map.of(),
                Map.of("AZURE_CLIENT_ID", "cid", "AZURE_TENANT_ID", "tid")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AZURE_FEDERATED_TOKEN_FILE").hasMessageContaining("workload-identity");
        assertThatThrownBy(() -> HadoopConfigurationFactory.build(URI, AzureAuth.SHARED_KEY, Optional.empty(), Map.of(), Map.of()))
                .hasMessageContaining("AZURE_STORAGE_ACCOUNT_KEY");
    }

    @Test
    void localTablesNeedNoAzureSettings() {
        Configuration c = HadoopConfigurationFactory.build("file:/tmp/t", AzureAuth.WORKLOAD_IDENTITY, Optional.empty(), Map.of(), Map.of());
        assertThat(c.get("fs.azure.account.auth.type." + ACCOUNT)).isNull();
    }

    @Test
    void plainPathsBecomeAbsoluteFileUris() {
        assertThat(HadoopConfigurationFactory.normalizeTableUri("./data/delta/clicks")).startsWith("file:/").endsWith("/data/delta/clicks");
        assertThat(HadoopConfigurationFactory.normalizeTableUri(URI + "/")).isEqualTo(URI);
        assertThatThrownBy(() -> HadoopConfigurationFactory.accountHost("abfss://acct.dfs.core.windows.net/x"))
                .hasMessageContaining("sink.table-uri");
    }
}
