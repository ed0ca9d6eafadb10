import type { TracerProvider } from '@opentelemetry/api';
import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * The tracer provider another OpenTelemetry SDK already registered globally (for example
 * `@opentelemetry/auto-instrumentations-node/register` or the application's own `NodeSDK`
 * started in an earlier preload), or undefined when none is.
 */
export function registeredTracerProvider(): TracerProvider | undefined {
  const global = trace.getTracerProvider();
  const delegate = global instanceof ProxyTracerProvider ? global.getDelegate() : global;
  // An unset proxy hands out the API's no-op provider, the same object for every proxy.
  const noop = new ProxyTracerProvider().getDelegate();
  return delegate === noop ? undefined : delegate;
}

interface ProviderWithProcessors {
  _activeSpanProcessor?: { _spanProcessors?: unknown };
}

/**
 * Adds a span processor to a provider that is already running. The SDK has no public way to do
 * this (processors are given at construction since SDK 2.0), so this relies on the provider's
 * multi-processor keeping its processors in an array it reads on every span, as the SDK's own
 * `forceFlush` does in the 2.x and 3.x lines. Returns false when the provider is shaped
 * otherwise, so the caller can say so instead of failing silently.
 */
export function attachSpanProcessor(provider: TracerProvider, processor: SpanProcessor): boolean {
  const processors = (provider as ProviderWithProcessors)._activeSpanProcessor?._spanProcessors;
  if (!Array.isArray(processors)) return false;
  (processors as SpanProcessor[]).push(processor);
  return true;
}
