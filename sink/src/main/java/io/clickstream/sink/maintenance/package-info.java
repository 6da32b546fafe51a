/** Table maintenance the operator triggers or schedules: VACUUM. */
package io.clickstream.sink.maintenance;
