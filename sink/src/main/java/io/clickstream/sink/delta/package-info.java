/** The only package that speaks to the Delta library (delta-standalone). */
package io.clickstream.sink.delta;
