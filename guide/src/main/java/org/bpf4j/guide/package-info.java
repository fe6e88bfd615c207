/** The programs of {@code docs/GUIDE.md}, one package per chapter; the guide quotes them unchanged. */
package org.bpf4j.guide;
