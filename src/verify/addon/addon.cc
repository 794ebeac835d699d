// polyvirt verifier addon: loads a kernel artifact and calls its kernels through a recording host.
//
// A kernel runs on a fresh thread with a 64 MiB stack, so a kernel that recurses deeper than its
// stack_limit allows still cannot overflow Node's own stack. A kernel that crashes (segfault,
// abort) kills the process that loaded it: callers that must survive that (src/verify/index.ts)
// load artifacts in a child process.
#include <napi.h>

#include <dlfcn.h>
#include <pthread.h>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "polyvirt/abi.h"

namespace {

constexpr size_t kThreadStackBytes = size_t{64} << 20;
// The kernel may use this much stack below the frame it is entered from; past it, every kernel
// function DEOPTs. The thread's remaining 62 MiB is slack for kernels that check the limit only
// once per frame of arbitrary size.
constexpr size_t kStackBudgetBytes = size_t{2} << 20;

struct RecordedError {
  uint32_t error_class;
  std::string message;
  uint32_t line;
};

// Everything one kernel call did to the world, as seen through the host table.
struct CallRecord {
  std::vector<RecordedError> errors;
  std::string journal;
};

void HostThrowError(void *ctx, uint32_t error_class, const char *message, size_t length,
                    uint32_t line) {
  auto *rec = static_cast<CallRecord *>(ctx);
  rec->errors.push_back({error_class, std::string(message != nullptr ? message : "", message != nullptr ? length : 0), line});
}

void HostOutput(void *ctx, const char *bytes, size_t length) {
  auto *rec = static_cast<CallRecord *>(ctx);
  if (bytes != nullptr) rec->journal.append(bytes, length);
}

struct CallJob {
  pv_kernel_entry entry;
  const pv_value *args;
  uint32_t nargs;
  pv_value ret;
  uint32_t status;
  CallRecord record;
  double native_ns;
};

void *RunCallJob(void *p) {
  auto *job = static_cast<CallJob *>(p);
  char top_of_stack = 0;
  pv_host host;
  std::memset(&host, 0, sizeof host);
  host.abi_version = PV_ABI_VERSION;
  host.size = sizeof host;
  host.ctx = &job->record;
  // Integer arithmetic: the limit lies outside any object, so pointer arithmetic would be UB.
  host.stack_limit = reinterpret_cast<const char *>(reinterpret_cast<uintptr_t>(&top_of_stack) - kStackBudgetBytes);
  host.throw_error = HostThrowError;
  host.output = HostOutput;
  auto t0 = std::chrono::steady_clock::now();
  job->status = job->entry(&host, job->args, job->nargs, &job->ret);
  auto t1 = std::chrono::steady_clock::now();
  job->native_ns = static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
  return nullptr;
}

// Runs the job on a big-stack thread and waits for it: the call is synchronous for JS.
void RunOnBigStack(Napi::Env env, CallJob *job) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) throw Napi::Error::New(env, "verifier: pthread_attr_init failed");
  int rc = pthread_attr_setstacksize(&attr, kThreadStackBytes);
  pthread_t thread;
  if (rc == 0) rc = pthread_create(&thread, &attr, RunCallJob, job);
  pthread_attr_destroy(&attr);
  if (rc != 0) throw Napi::Error::New(env, std::string("verifier: cannot start kernel thread: ") + std::strerror(rc));
  pthread_join(thread, nullptr);
}

const char *ErrorClassName(uint32_t c) {
  switch (c) {
    case PV_ERR_ERROR: return "Error";
    case PV_ERR_TYPE_ERROR: return "TypeError";
    case PV_ERR_ARITHMETIC_ERROR: return "ArithmeticError";
    case PV_ERR_DIVISION_BY_ZERO_ERROR: return "DivisionByZeroError";
    default: return nullptr;
  }
}

std::string KindOf(const Napi::Object &v) {
  Napi::Value kind = v.Get("kind");
  return kind.IsString() ? kind.As<Napi::String>().Utf8Value() : std::string();
}

bool GuardAccepts(uint8_t guard, uint32_t type) {
  if (guard == PV_GUARD_BOOL) return type == PV_FALSE || type == PV_TRUE;
  return guard == type;
}

// PhpValue (src/core/php-value.ts) → pv_value; ints are BigInt and must fit int64 exactly.
pv_value ToPvValue(Napi::Env env, Napi::Value jv, uint32_t position) {
  pv_value out;
  std::memset(&out, 0, sizeof out);
  std::string where = "argument " + std::to_string(position + 1);
  if (!jv.IsObject()) throw Napi::TypeError::New(env, where + " is not a PhpValue");
  Napi::Object obj = jv.As<Napi::Object>();
  std::string kind = KindOf(obj);
  Napi::Value value = obj.Get("value");
  if (kind == "null") {
    out.type_info = PV_NULL;
  } else if (kind == "bool") {
    if (!value.IsBoolean()) throw Napi::TypeError::New(env, where + ": bool value must be a boolean");
    out.type_info = value.As<Napi::Boolean>().Value() ? PV_TRUE : PV_FALSE;
  } else if (kind == "int") {
    if (!value.IsBigInt()) throw Napi::TypeError::New(env, where + ": int value must be a bigint");
    bool lossless = false;
    out.value.lval = value.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) throw Napi::RangeError::New(env, where + ": int value does not fit 64 bits");
    out.type_info = PV_LONG;
  } else if (kind == "float") {
    if (!value.IsNumber()) throw Napi::TypeError::New(env, where + ": float value must be a number");
    out.value.dval = value.As<Napi::Number>().DoubleValue();
    out.type_info = PV_DOUBLE;
  } else {
    throw Napi::TypeError::New(env, where + ": unsupported PhpValue kind '" + kind + "'");
  }
  return out;
}

Napi::Value FromPvValue(Napi::Env env, const pv_value &v) {
  Napi::Object o = Napi::Object::New(env);
  switch (v.type_info & 0xffu) {
    case PV_NULL:
      o.Set("kind", "null");
      break;
    case PV_FALSE:
    case PV_TRUE:
      o.Set("kind", "bool");
      o.Set("value", Napi::Boolean::New(env, (v.type_info & 0xffu) == PV_TRUE));
      break;
    case PV_LONG:
      o.Set("kind", "int");
      o.Set("value", Napi::BigInt::New(env, static_cast<int64_t>(v.value.lval)));
      break;
    case PV_DOUBLE:
      o.Set("kind", "float");
      o.Set("value", Napi::Number::New(env, v.value.dval));
      break;
    default:
      return env.Undefined();
  }
  return o;
}

class KernelModule : public Napi::ObjectWrap<KernelModule> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "KernelModule",
                       {InstanceMethod<&KernelModule::Call>("call"),
                        InstanceMethod<&KernelModule::Close>("close")});
  }

  explicit KernelModule(const Napi::CallbackInfo &info) : Napi::ObjectWrap<KernelModule>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "KernelModule(path: string)");
    path_ = info[0].As<Napi::String>().Utf8Value();
    handle_ = dlopen(path_.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
      const char *why = dlerror();
      throw Napi::Error::New(env, "cannot load kernel artifact " + path_ + ": " + (why != nullptr ? why : "dlopen failed"));
    }
    dlerror();
    void *sym = dlsym(handle_, PV_MODULE_SYMBOL);
    if (sym == nullptr) Fail(env, std::string("artifact does not export ") + PV_MODULE_SYMBOL);
    auto get_module = reinterpret_cast<const pv_module_desc *(*)()>(sym);
    module_ = get_module();
    if (module_ == nullptr) Fail(env, std::string(PV_MODULE_SYMBOL) + "() returned NULL");
    if (module_->abi_version != PV_ABI_VERSION) {
      Fail(env, "artifact was built for kernel ABI version " + std::to_string(module_->abi_version) +
                    " but the verifier implements ABI version " + std::to_string(PV_ABI_VERSION));
    }
    if (module_->kernel_count > 0 && module_->kernels == nullptr) Fail(env, "module descriptor has kernels == NULL");

    Napi::Array kernels = Napi::Array::New(env, module_->kernel_count);
    for (uint32_t i = 0; i < module_->kernel_count; i++) {
      const pv_kernel_desc &k = module_->kernels[i];
      std::string which = "kernel " + std::to_string(i);
      if (k.function_name == nullptr || k.source_sha256 == nullptr) Fail(env, which + " has a NULL name or source hash");
      if (k.arity > PV_MAX_ARGS) Fail(env, which + " has arity " + std::to_string(k.arity) + " > PV_MAX_ARGS");
      if (k.entry == nullptr) Fail(env, which + " has a NULL entry point");
      Napi::Object d = Napi::Object::New(env);
      d.Set("functionName", k.function_name);
      d.Set("sourceSha256", k.source_sha256);
      d.Set("arity", k.arity);
      d.Set("flags", k.flags);
      Napi::Array guard = Napi::Array::New(env, k.arity);
      for (uint32_t a = 0; a < k.arity; a++) guard.Set(a, Napi::Number::New(env, k.guard[a]));
      d.Set("guard", guard);
      kernels.Set(i, d);
    }
    Napi::Object self = info.This().As<Napi::Object>();
    self.Set("abiVersion", module_->abi_version);
    self.Set("phpVersionId", module_->php_version_id);
    self.Set("kernels", kernels);
  }

  ~KernelModule() override { Unload(); }

 private:
  [[noreturn]] void Fail(Napi::Env env, const std::string &why) {
    Unload();
    throw Napi::Error::New(env, "bad kernel artifact " + path_ + ": " + why);
  }

  void Unload() {
    if (handle_ != nullptr) dlclose(handle_);
    handle_ = nullptr;
    module_ = nullptr;
  }

  // call(index: number, args: PhpValue[]) → { status, value?, error?, output: Buffer, nativeNs }
  Napi::Value Call(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (module_ == nullptr) throw Napi::Error::New(env, "kernel module " + path_ + " is closed");
    if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsArray()) {
      throw Napi::TypeError::New(env, "call(index: number, args: PhpValue[])");
    }
    int64_t index = info[0].As<Napi::Number>().Int64Value();
    if (index < 0 || index >= static_cast<int64_t>(module_->kernel_count)) {
      throw Napi::RangeError::New(env, "kernel index " + std::to_string(index) + " out of range");
    }
    const pv_kernel_desc &k = module_->kernels[index];
    std::string name = k.function_name;
    Napi::Array jargs = info[1].As<Napi::Array>();
    if (jargs.Length() != k.arity) {
      throw Napi::TypeError::New(env, "kernel " + name + " takes " + std::to_string(k.arity) + " arguments, got " +
                                          std::to_string(jargs.Length()));
    }
    std::vector<pv_value> args(k.arity == 0 ? 1 : k.arity);
    for (uint32_t a = 0; a < k.arity; a++) {
      args[a] = ToPvValue(env, jargs.Get(a), a);
      // The extension only enters a kernel after its guard passed; the verifier keeps that promise.
      if (!GuardAccepts(k.guard[a], args[a].type_info)) {
        throw Napi::TypeError::New(env, "argument " + std::to_string(a + 1) + " of kernel " + name +
                                            " does not pass its guard (type code " + std::to_string(k.guard[a]) + ")");
      }
    }

    CallJob job;
    job.entry = k.entry;
    job.args = args.data();
    job.nargs = k.arity;
    std::memset(&job.ret, 0, sizeof job.ret);
    job.ret.type_info = PV_UNDEF;
    job.status = ~0u;
    job.native_ns = 0;
    RunOnBigStack(env, &job);

    Napi::Object result = Napi::Object::New(env);
    result.Set("nativeNs", Napi::Number::New(env, job.native_ns));
    const size_t nerrors = job.record.errors.size();
    auto violation = [&](const std::string &why) {
      return Napi::Error::New(env, "kernel " + name + " violated the kernel ABI: " + why);
    };
    switch (job.status) {
      case PV_OK: {
        if (nerrors != 0) throw violation("returned PV_OK after raising an exception");
        Napi::Value value = FromPvValue(env, job.ret);
        if (value.IsUndefined()) {
          throw violation("returned PV_OK with a result of type code " + std::to_string(job.ret.type_info & 0xffu));
        }
        result.Set("status", "ok");
        result.Set("value", value);
        result.Set("output", Napi::Buffer<char>::Copy(env, job.record.journal.data(), job.record.journal.size()));
        break;
      }
      case PV_DEOPT:
        if (nerrors != 0) throw violation("returned PV_DEOPT after raising an exception");
        // Nothing a DEOPTing kernel journaled may be seen: the PHP original runs instead.
        result.Set("status", "deopt");
        result.Set("output", Napi::Buffer<char>::New(env, 0));
        break;
      case PV_THROW: {
        if (nerrors != 1) throw violation("returned PV_THROW with " + std::to_string(nerrors) + " exceptions raised (need exactly 1)");
        const RecordedError &e = job.record.errors[0];
        if (ErrorClassName(e.error_class) == nullptr) throw violation("raised unknown error class " + std::to_string(e.error_class));
        Napi::Object err = Napi::Object::New(env);
        err.Set("errorClass", e.error_class);
        err.Set("message", Napi::String::New(env, e.message.data(), e.message.size()));
        err.Set("line", e.line);
        result.Set("status", "throw");
        result.Set("error", err);
        // The journal is committed only on PV_OK (abi.h): a throwing kernel shows no output.
        result.Set("output", Napi::Buffer<char>::New(env, 0));
        break;
      }
      default:
        throw violation("returned unknown status " + std::to_string(job.status));
    }
    return result;
  }

  Napi::Value Close(const Napi::CallbackInfo &info) {
    Unload();
    return info.Env().Undefined();
  }

  std::string path_;
  void *handle_ = nullptr;
  const pv_module_desc *module_ = nullptr;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("KernelModule", KernelModule::Define(env));
  exports.Set("abiVersion", Napi::Number::New(env, PV_ABI_VERSION));
  exports.Set("threadStackBytes", Napi::Number::New(env, static_cast<double>(kThreadStackBytes)));
  exports.Set("stackBudgetBytes", Napi::Number::New(env, static_cast<double>(kStackBudgetBytes)));
  return exports;
}

}  // namespace

NODE_API_MODULE(polyvirt_verifier, Init)
