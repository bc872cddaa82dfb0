{
  "targets": [
    {
      "target_name": "layerlab_native",
      "sources": ["src/addon.cc", "src/isa.cc", "src/parallel.cc", "src/blas.cc", "src/scratch.cc", "src/isa_generic.cc", "src/isa_avx2.cc", "src/isa_avx512.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "conditions": [
        ["OS=='linux'", {
          "defines": ["LAYERLAB_OPENBLAS"],
          "cflags": ["-O3", "-pthread", "-Wno-psabi", "<!@(node find-blas.cjs cflags)"],
          "cflags_cc": ["-O3", "-std=c++17", "-pthread", "-Wno-psabi", "<!@(node find-blas.cjs cflags)"],
          "libraries": ["<!@(node find-blas.cjs libs)", "-pthread"]
        }],
        ["OS=='mac'", {
          "defines": ["LAYERLAB_ACCELERATE", "ACCELERATE_NEW_LAPACK"],
          "libraries": ["-framework Accelerate"],
          "xcode_settings": {
            "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17"],
            "MACOSX_DEPLOYMENT_TARGET": "11.0"
          }
        }]
      ]
    }
  ]
}
