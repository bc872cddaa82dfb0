{
  "targets": [
    {
      "target_name": "layerlab_native",
      "sources": ["src/addon.cc", "src/gemm.cc", "src/conv.cc", "src/conv_direct.cc", "src/conv_planar.cc", "src/pool.cc", "src/elementwise.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "conditions": [
        ["OS=='linux'", {
          "defines": ["LAYERLAB_OPENBLAS"],
          "cflags": ["-O3", "<!@(node find-blas.cjs cflags)", "<!@(node find-blas.cjs arch)"],
          "cflags_cc": ["-O3", "-std=c++17", "<!@(node find-blas.cjs cflags)", "<!@(node find-blas.cjs arch)"],
          "libraries": ["<!@(node find-blas.cjs libs)"]
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
