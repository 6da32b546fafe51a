/** The dashboard: live events and aggregates over Server-Sent Events. */
package io.clickstream.dashboard;
