package io.clickstream.sink.config;

/** How the sink authenticates to ADLS Gen2. */
public enum AzureAuth {
    /** AKS Workload Identity: AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE from the webhook. */
    WORKLOAD_IDENTITY,
    /** A service principal: AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET. */
    CLIENT_CREDENTIALS,
    /** The storage account key: AZURE_STORAGE_ACCOUNT_KEY. */
    SHARED_KEY
}
