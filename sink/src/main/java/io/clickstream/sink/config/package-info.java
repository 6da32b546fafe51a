/** Typed, validated configuration. */
package io.clickstream.sink.config;
