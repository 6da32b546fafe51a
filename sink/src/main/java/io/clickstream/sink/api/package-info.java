/** REST status endpoint. */
package io.clickstream.sink.api;
