//! The message table: every sentence, label and button the page shows, in English and
//! Japanese. Placeholders are `{name}`; both languages name the same ones.
//!
//! Clinical terms as Japanese clinicians write them, checked against:
//! - 勝見さち代, 村上信五「顔面表情の検査」耳鼻咽喉科・頭頸部外科 82(5) 増刊, 医学書院, 2010,
//!   pp.137-143 (doi:10.11477/mf.1411101602): 顔面神経麻痺, 40点法（柳原法）,
//!   House-Brackmann法, Sunnybrook法, 後遺症, and the Yanagihara items 安静時,
//!   額のしわ寄せ, 軽い閉眼, 強い閉眼, 片目つぶり, 鼻翼を動かす, 頬をふくらます, 口笛,
//!   イーと歯を見せる, 口をへの字にまげる, scored 4 (ほぼ正常), 2 (部分麻痺), 0 (高度麻痺);
//!   the same item list and 病的共同運動 in the 40点法・柳原法 calculator of HOKUTO
//!   (hokuto.app, 監修医師), which cites the 日本顔面神経学会 guideline.
//! - 兎眼 (an eye that does not close) and 眉毛下垂: ophthalmology and plastic-surgery
//!   clinics' patient pages (谷眼科医院 "瞼が閉じない=兎眼"; 岡山済生会総合病院 "顔面神経麻痺").
//! Not verified against a published Japanese source (standard anatomical words, marked
//! "unverified" where used): 瞼裂高, 瞼裂幅, 鼻唇溝, 口角, 鼻翼基部, MRD1/MRD2 (kept in
//! Latin letters, as ophthalmologists write them). The society's own guideline
//! (日本顔面神経学会 編『顔面神経麻痺診療ガイドライン 2023年版』) could not be read here.

macro_rules! messages {
    ($( $(#[$doc:meta])* $name:ident => ($en:expr, $ja:expr), )*) => {
        /// Every message of the page, by what it says.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg { $( $(#[$doc])* $name, )* }

        impl Msg {
            /// Every message, in table order (the completeness test walks it).
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            /// (English, Japanese).
            pub fn texts(self) -> (&'static str, &'static str) {
                match self { $(Msg::$name => ($en, $ja),)* }
            }
        }
    };
}

messages! {
    // The page's frame.
    LanguageLabel => ("Language", "言語"),
    Privacy => ("Processed on this device: the video never leaves this browser and nothing is sent anywhere. Frames are analysed in memory and discarded; only exams you capture are kept (with the picture each view was measured on, for review), in this browser's storage, until you delete them. Exports hold numbers and landmarks; pictures only in a report PDF saved while the report shows them.",
        "この端末の中だけで処理します。映像はこのブラウザの外に出ず、どこにも送信されません。フレームはメモリ上で解析したあと破棄します。保存するのは撮影した検査だけで（確認のため、各表情を計測した画像も一緒に）、削除するまでこのブラウザの保存領域に残ります。書き出すファイルには数値とランドマークのみが含まれ、画像はレポートに画像を表示した状態で保存したPDFにだけ入ります。"),
    /// The core's intended purpose (`scores::INTENDED_PURPOSE`), as the page says it.
    IntendedPurpose => ("Intended purpose: documentation and research support; measurements, not a diagnosis.",
        "使用目的: 記録と研究の支援。これは計測値であり、診断ではありません。"),
    /// The core's `scores::NOT_A_DIAGNOSIS`.
    NotADiagnosis => ("Objective measurements from face landmarks, not a diagnosis. Scores are computed by stated rules from these measurements; a clinician interprets them.",
        "顔のランドマークから得た客観的な計測値であり、診断ではありません。スコアは明記した規則に従ってこれらの計測値から計算したもので、解釈は臨床医が行います。"),
    ModelShipped => ("Landmark model: shipped (MediaPipe face mesh with attention)", "ランドマークモデル: 同梱の標準モデル（MediaPipe face mesh with attention）"),
    ModelFineTuned => ("Landmark model: fine-tuned on this clinic's corrections: {name}", "ランドマークモデル: この施設の修正で微調整したモデル: {name}"),

    // The offline copy.
    OfflineStarting => ("Works offline once the models are loaded and kept in this browser.", "モデルを読み込んでこのブラウザに保存すると、オフラインで使えるようになります。"),
    OfflineSaving => ("Keeping a copy of the app and its models in this browser for offline use…", "オフラインで使えるように、アプリとモデルのコピーをこのブラウザに保存しています…"),
    OfflineReady => ("Works offline: this version{version} of the app and its models is kept in this browser; the page, the camera analysis, saved exams and fine-tuning need no network.", "オフラインで使えます: このバージョン{version}のアプリとモデルをこのブラウザに保存しました。ページ、カメラの解析、保存した検査、微調整にネットワークは不要です。"),
    OfflineUnsupported => ("This browser cannot keep the app for offline use here; it works while this page's server can be reached.", "このブラウザではここでアプリをオフライン用に保存できません。このページのサーバーに接続できる間は使えます。"),
    OfflineFailed => ("The app could not be kept for offline use: {error}.", "アプリをオフライン用に保存できませんでした: {error}。"),
    UpdateReady => ("A new version is ready: ", "新しいバージョンの準備ができました: "),
    UpdateReload => ("reload", "再読み込み"),
    UpdateKeeps => (" (the page and the models switch together; saved exams stay).", "（ページとモデルは一緒に切り替わります。保存した検査は残ります）。"),

    // Status line and live controls.
    LoadingModels => ("Loading the face models…", "顔のモデルを読み込んでいます…"),
    PreparingModels => ("Preparing the models…", "モデルを準備しています…"),
    ModelsReady => ("Models ready. Starting the camera…", "モデルの準備ができました。カメラを起動しています…"),
    AskingForCamera => ("Asking for the camera…", "カメラの使用許可を求めています…"),
    CameraOn => ("Camera on. Look straight at the camera.", "カメラ作動中。カメラをまっすぐ見てください。"),
    CameraOff => ("The camera is off.", "カメラは停止しています。"),
    CameraOffPressStart => ("The camera is off. Press Start camera to continue.", "カメラは停止しています。続けるには「カメラを開始」を押してください。"),
    PausedHidden => ("Paused while the tab is hidden.", "タブが非表示の間は一時停止しています。"),
    CameraDisconnected => ("The camera was disconnected. Reconnect it, then press Start camera.", "カメラの接続が切れました。接続し直してから「カメラを開始」を押してください。"),
    ModelReplaced => ("{name} was damaged in this browser's copy of the app: it was downloaded again and checked.", "このブラウザに保存したアプリのコピーで{name}が壊れていたため、もう一度ダウンロードして確認しました。"),
    ModelsNotPrepared => ("The face models could not be prepared: {error}. Reload the page to try again.", "顔のモデルを準備できませんでした: {error}。ページを再読み込みしてもう一度お試しください。"),
    ModelsNotLoaded => ("The face models could not be loaded: {error}. Reload the page to try again.", "顔のモデルを読み込めませんでした: {error}。ページを再読み込みしてもう一度お試しください。"),
    AnalysisNotStarted => ("FaceGrade could not start its analysis: {error}. Reload the page to try again.", "FaceGradeの解析を開始できませんでした: {error}。ページを再読み込みしてもう一度お試しください。"),
    AnalysisOutOfTurn => ("The analysis answered out of turn. Reload the page to try again.", "解析処理から想定外の応答がありました。ページを再読み込みしてもう一度お試しください。"),
    IrisLoading => ("Iris model loading: the millimetre scale, eye openings and millimetre measurements wait for it; angles are shown meanwhile.",
        "虹彩モデルを読み込み中です。ミリメートルの尺度、眼の開き、ミリメートル単位の計測値はその完了を待ちます。その間は角度だけを表示します。"),
    IrisFailed => ("The iris model could not be loaded ({error}): millimetres and eye openings are not available. Reload the page to try again.",
        "虹彩モデルを読み込めませんでした（{error}）。ミリメートル単位の計測と眼の開きは使えません。ページを再読み込みしてもう一度お試しください。"),
    NoCameraAccess => ("This browser does not give pages camera access here. Open the page over http://127.0.0.1 or https.", "このブラウザはここではページにカメラを使わせません。http://127.0.0.1 または https でページを開いてください。"),
    CameraDenied => ("Camera permission was denied. Allow the camera for this page (the camera icon in the address bar), then press Start camera again.", "カメラの使用が許可されませんでした。このページにカメラを許可してから（アドレスバーのカメラのアイコン）、もう一度「カメラを開始」を押してください。"),
    NoCamera => ("No camera was found. Connect a camera, then press Start camera again.", "カメラが見つかりません。カメラを接続してから、もう一度「カメラを開始」を押してください。"),
    CameraBusy => ("The camera is in use by another program or could not start. Close other video apps, then try again.", "カメラがほかのプログラムで使用中か、起動できませんでした。ほかのビデオアプリを閉じてから、もう一度お試しください。"),
    CameraFailed => ("The camera could not start ({error}).", "カメラを起動できませんでした（{error}）。"),
    StartCamera => ("Start camera", "カメラを開始"),
    StopCamera => ("Stop", "停止"),
    CameraLabel => ("Camera ", "カメラ "),
    DefaultCamera => ("Default (front) camera", "標準（前面）カメラ"),
    ResolutionLabel => ("Resolution ", "解像度 "),
    ShowMesh => (" Show full mesh", " メッシュ全体を表示"),
    PatientView => (" Patient view (plain words)", " 患者さん向け表示（やさしい言葉）"),

    // The preview.
    MirrorNote => ("Mirror view: your left side is on the left of the screen. All labels use your own (anatomical) left and right.",
        "鏡像表示: あなたの左側は画面の左に映ります。表示の左右はすべて、あなた自身の（解剖学的な）左右です。"),
    ColourLegend => ("Colours: contours turn orange (dotted) when the two sides differ noticeably (2 mm at the eyelids, 3 mm at brow and mouth) and vermillion (dashed, thicker) when markedly; grey when the picture cannot be measured; orange dash-dot where the two eyelid models disagree.",
        "色の意味: 左右差が目立つとき（眼瞼で2 mm、眉毛と口で3 mm）輪郭はオレンジの点線に、顕著なときは朱色の太い破線になります。画像を計測できないときは灰色、2つの眼瞼モデルの結果が食い違うところはオレンジの一点鎖線です。"),

    // The quality gate (`quality::QualityIssue`).
    WaitingForCamera => ("Waiting for the camera.", "カメラを待っています。"),
    QualityGood => ("Good: one face, facing the camera, well lit.", "良好: 顔は1つ、カメラの正面を向き、明るさも十分です。"),
    NoFace => ("No face found. Sit facing the camera, with your whole face in view.", "顔が見つかりません。カメラに向かって座り、顔全体が映るようにしてください。"),
    SeveralFaces => ("{count} faces are in view. Only the person being assessed should be in the picture.", "{count}人の顔が映っています。評価を受ける方だけが映るようにしてください。"),
    HeadTurned => ("Your head is turned {degrees}° to your {side}. Turn your head a little to your {other} and look straight at the camera.",
        "頭が{side}へ{degrees}°向いています。頭を少し{other}へ向けて、カメラをまっすぐ見てください。"),
    ChinDown => ("Your chin is down by {degrees}°. Lift your chin a little.", "あごが{degrees}°下がっています。あごを少し上げてください。"),
    ChinUp => ("Your chin is up by {degrees}°. Lower your chin a little.", "あごが{degrees}°上がっています。あごを少し下げてください。"),
    TooFar => ("Your face is too small in the picture. Come a little closer to the camera.", "顔が小さく映っています。もう少しカメラに近づいてください。"),
    TooDark => ("The picture is too dark. More light please: face a window or a lamp.", "画像が暗すぎます。窓や照明の方を向いて、明るくしてください。"),
    Blurred => ("The picture is blurred. Hold still, and clean the camera lens if needed.", "画像がぼやけています。動かないでください。必要ならカメラのレンズを拭いてください。"),
    /// A side in a sentence: "to your right".
    SideRight => ("right", "右"),
    SideLeft => ("left", "左"),

    // What the camera sees.
    FaceFound => ("Face found: {count} landmarks", "顔を検出: ランドマーク{count}点"),
    NoFaceShort => ("No face", "顔なし"),
    WhatTheCameraSees => ("What the camera sees", "カメラに映っていること"),
    PatientDisclaimer => ("These are measurements, not a diagnosis. Talk to your clinician about what they mean for you.", "これは計測値であり、診断ではありません。その意味については担当の医師に相談してください。"),
    NoNoticeableDifference => ("Your left and right sides look alike in this picture: no difference large enough for people to notice.", "この画像では左右はよく似ています。人が気づくほどの差はありません。"),
    /// A patient's sentence about one noticeable difference.
    PatientDifference => ("Your {side} {name} is {how}{larger} than your {other} by {amount}.", "{name}は、{side}側が{other}側より{amount}{how}{larger}。"),
    Clearly => ("clearly ", "はっきりと"),
    LiveCaption => ("Live measurements (millimetres; subject's own right and left). Greyed when the picture cannot be measured.", "リアルタイムの計測値（ミリメートル。左右は被検者自身の左右）。画像を計測できないときは灰色になります。"),
    MeasureHeader => ("Measure", "計測項目"),
    RightHeader => ("Right", "右"),
    LeftHeader => ("Left", "左"),
    DifferenceHeader => ("Difference", "左右差"),
    PercentHeader => ("Smaller side, % of the other", "小さい側（もう一方に対する%）"),
    AsymmetryHeader => ("Asymmetry", "非対称"),
    SeverityNone => ("none", "なし"),
    SeverityNoticeable => ("noticeable", "目立つ"),
    SeverityMarked => ("marked", "顕著"),
    UnitMm => ("mm", "mm"),
    UnitDeg => ("deg", "度"),
    UnitDegrees => ("degrees", "度"),

    // Measurements (`measure::MeasurementName`).
    BrowHeight => ("brow height", "眉毛の高さ"),
    Mrd1 => ("mrd1", "MRD1（上眼瞼縁と瞳孔中心の距離）"),
    Mrd2 => ("mrd2", "MRD2（下眼瞼縁と瞳孔中心の距離）"),
    PalpebralFissureHeight => ("palpebral fissure height", "瞼裂高"),
    PalpebralFissureWidth => ("palpebral fissure width", "瞼裂幅"),
    CommissureExcursion => ("commissure excursion", "口角の移動量"),
    CommissureHeight => ("commissure height", "口角の高さ"),
    SmileAngle => ("smile angle", "笑顔の口角の角度"),
    UpperLipHeight => ("upper lip height", "上唇の高さ"),
    LowerLipHeight => ("lower lip height", "下唇の高さ"),
    DentalShow => ("dental show", "歯の見える量"),
    AlarBaseHeight => ("alar base height", "鼻翼基部の高さ"),
    NasolabialLength => ("nasolabial length", "鼻翼と口角の距離（鼻唇溝）"),
    VisibleEyeballHeight => ("visible eyeball height", "見えている眼球の高さ"),

    // The patient's plain names and what a larger value means.
    PlainEyebrow => ("eyebrow", "眉毛"),
    PlainUpperEyelid => ("upper eyelid", "上まぶた"),
    PlainLowerEyelid => ("lower eyelid", "下まぶた"),
    PlainEyeOpening => ("eye opening", "目の開き"),
    PlainEye => ("eye", "目の幅"),
    PlainMouthCorner => ("mouth corner", "口角"),
    PlainMouthCornerAngle => ("mouth corner angle", "口角の角度"),
    PlainUpperLip => ("upper lip", "上唇"),
    PlainLowerLip => ("lower lip", "下唇"),
    PlainTeeth => ("teeth showing", "歯の見え方"),
    PlainNoseSide => ("side of the nose", "小鼻"),
    PlainNoseToMouth => ("nose-to-mouth-corner distance", "小鼻から口角までの距離"),
    LargerHigher => ("higher", "高くなっています"),
    LargerMoreOpen => ("more open", "大きく開いています"),
    LargerLower => ("lower", "下がっています"),
    LargerWider => ("wider", "広くなっています"),
    LargerFurtherOut => ("further out", "外側に動いています"),
    LargerSteeper => ("steeper", "急な角度になっています"),
    LargerMore => ("more", "多く見えています"),
    LargerLonger => ("longer", "長くなっています"),

    // The Eyes box.
    EyesHeading => ("Eyes (read from the eye image)", "目（目の画像から判定）"),
    RightEye => ("Right eye", "右目"),
    LeftEye => ("Left eye", "左目"),
    EyeOpen => ("{eye}: open, {mm} mm of eyeball visible", "{eye}: 開いている（眼球が{mm} mm見えている）"),
    EyeNarrowed => ("{eye}: narrowed, {mm} mm of eyeball visible", "{eye}: 細くなっている（眼球が{mm} mm見えている）"),
    EyeClosed => ("{eye}: closed", "{eye}: 閉じている"),
    EyeUnknown => ("{eye}: unknown", "{eye}: 判定不能"),
    EyeUnknownBecause => ("{eye}: unknown: {reason}", "{eye}: 判定不能: {reason}"),
    EyeNotReadYet => ("{eye}: not read yet (the iris model is loading)", "{eye}: 未判定（虹彩モデルを読み込み中）"),
    EyeNotRead => ("{eye}: not read (no face)", "{eye}: 未判定（顔なし）"),
    EyeDisagreement => ("image and landmarks disagree: check this eye", "画像とランドマークの結果が食い違っています: この目を確認してください"),
    EyesGreyed => ("Greyed: this frame fails the quality check (see above).", "灰色表示: このフレームは品質チェックを通っていません（上記参照）。"),
    /// Why an eye's state is unknown (`engine::eye_state::UnknownReason`).
    EyeOutOfFrame => ("the eye is partly outside the picture", "目の一部が画像の外にあります"),
    EyeTooDark => ("the eye is too dark to see whether it is open", "暗くて目が開いているか分かりません"),
    EyeGlare => ("reflections (glasses or a lamp) cover the eye", "反射（眼鏡や照明）が目にかかっています"),
    EyeObscured => ("something covers the eye, or it is too small in the picture", "何かが目を覆っているか、目が小さく映りすぎています"),

    // The guided exam.
    GuidedExam => ("Guided exam", "ガイド付き検査"),
    ExamHint => ("The standard views one after another: follow each instruction; after a short countdown the best frame of the next 2.5 seconds is kept (the one furthest into the expression that passes the quality check). Retake any view.",
        "標準の表情を順番に撮影します。指示に従ってください。短いカウントダウンのあと、続く2.5秒間で最もよいフレーム（品質チェックを通ったうち、表情が最も大きいもの）を残します。どの表情も撮り直せます。"),
    StartExam => ("Start exam", "検査を開始"),
    StopExam => ("Stop exam", "検査を中止"),
    ScoreCaptured => ("Score captured views", "撮影済みの表情を採点"),
    CaptureNow => ("Capture now", "今すぐ撮影"),
    SkipView => ("Skip to the next view", "次の表情へ進む"),
    IncludeSnarl => (" Include snarl", " 鼻にしわを寄せる表情を含める"),
    YanagiharaTitle => ("Blink, wink and lower-lip depression: the views the Yanagihara scale grades that the standard exam lacks", "瞬目、片目つぶり、口をへの字にまげる: 柳原法（40点法）で評価し、標準の検査にはない表情"),
    IncludeYanagihara => (" Include Yanagihara steps (blink, wink, lower lip down)", " 柳原法の表情を含める（瞬目、片目つぶり、口をへの字）"),
    SpeakInstructions => (" Speak the instructions", " 指示を読み上げる"),
    AffectedSideLabel => ("Affected side ", "患側 "),
    FindFromExam => ("find from the exam", "検査から判定"),
    ScoringCaptured => ("Scoring the captured views…", "撮影済みの表情を採点しています…"),
    ViewWaiting => ("waiting", "待機中"),
    ViewCapturing => ("capturing…", "撮影中…"),
    ViewCaptured => ("captured", "撮影済み"),
    LandmarksCorrected => (" (landmarks corrected)", "（ランドマーク修正済み）"),
    Retake => ("Retake", "撮り直す"),
    ReviewLandmarks => ("Review / correct landmarks", "ランドマークを確認・修正"),
    CapturingIn => ("{instruction} Capturing in {seconds}…", "{instruction} {seconds}秒後に撮影します…"),
    HoldIt => ("{instruction} Hold it…", "{instruction} そのまま保ってください…"),
    AnalysingBestFrame => ("Analysing the best frame…", "最もよいフレームを解析しています…"),
    Skipped => ("Skipped: retake this view when ready.", "スキップしました。準備ができたらこの表情を撮り直してください。"),
    CaptureTimedOut => ("The analysis did not answer in time; retake this view.", "解析が時間内に応答しませんでした。この表情を撮り直してください。"),
    StartCameraFirst => ("Start the camera first: the exam captures each view from the live video.", "先にカメラを開始してください。検査ではライブ映像から各表情を撮影します。"),
    ExamScored => ("Exam scored. Review the views below; retake any view to update the scores.", "採点しました。下の各表情を確認してください。撮り直すとスコアが更新されます。"),
    /// Text passed through as it came (an error from the analysis or the browser, in its
    /// own words); empty for "nothing to say".
    Verbatim => ("{text}", "{text}"),
    ScoringExam => ("Scoring the exam…", "検査を採点しています…"),
    ExamStopped => ("Exam stopped.", "検査を中止しました。"),
    Reopened => ("Reopened the exam of {patient} ({count} views); scoring it again…", "{patient}の検査を開きました（表情{count}件）。もう一度採点しています…"),
    UnnamedPatient => ("an unnamed patient", "名前のない患者"),
    UnreadableViews => ("Some saved views could not be read and were left out: {views}. Retake them.", "保存された表情の一部を読み込めなかったため除外しました: {views}。撮り直してください。"),
    NoUsableView => ("This saved exam has no usable view yet: start the camera and retake its views.", "この保存済みの検査には使える表情がまだありません。カメラを開始して撮り直してください。"),
    OutOfTurnOpenAgain => ("The analysis answered out of turn; open the exam again.", "解析処理から想定外の応答がありました。検査をもう一度開いてください。"),
    ViewsNotRestored => ("The saved views could not be put back: {error}", "保存された表情を戻せませんでした: {error}"),
    SavedExamUnreadable => ("The saved exam could not be read: {error}", "保存された検査を読み込めませんでした: {error}"),
    AnalysingPhotos => ("Analysing {count} photo(s)…", "写真{count}枚を解析しています…"),
    AnalysingVideoFrames => ("Analysing {count} frame(s) of the video…", "動画のフレーム{count}枚を解析しています…"),
    /// Speech (`web/speech.rs`).
    NoSpeechHere => ("this browser cannot speak", "このブラウザは音声読み上げができません"),
    NoLocalVoice => ("this browser has no voice that runs on this device, and FaceGrade does not send text to online voices; the prompts stay on screen",
        "このブラウザにはこの端末で動く音声がありません。FaceGradeは文字をオンライン音声に送らないため、指示は画面にのみ表示します"),
    NoJapaneseVoice => ("this device has no Japanese voice, so the prompts are not spoken (an English voice would not read Japanese); they stay on screen",
        "この端末には日本語の音声がないため、指示は読み上げません（英語の音声では日本語を読めません）。指示は画面に表示します"),

    // The views of the exam (`measure::Expression`), as Japanese clinicians name them.
    ViewRest => ("rest", "安静時"),
    ViewBrowRaise => ("brow raise", "額のしわ寄せ"),
    ViewGentleClosure => ("gentle closure", "軽い閉眼"),
    ViewTightClosure => ("tight closure", "強い閉眼"),
    ViewSmallSmile => ("small smile", "口を閉じた笑顔"),
    ViewBigSmile => ("big smile", "歯を見せた笑顔"),
    ViewPucker => ("pucker", "口笛"),
    ViewLowerTeeth => ("lower teeth", "イーと歯を見せる"),
    ViewSnarl => ("snarl", "鼻にしわを寄せる"),
    ViewBlink => ("blink", "瞬目"),
    ViewWink => ("wink", "片目つぶり"),
    ViewLowerLipDepression => ("lower lip depression", "口をへの字にまげる"),
    // Their instructions, in plain words for the patient.
    DoRest => ("Relax your face and look straight at the camera.", "顔の力を抜いて、カメラをまっすぐ見てください。"),
    DoBrowRaise => ("Raise your eyebrows as high as you can.", "眉をできるだけ高く上げて、額にしわを寄せてください。"),
    DoGentleClosure => ("Close your eyes gently, as if sleeping.", "眠るときのように、軽く目を閉じてください。"),
    DoTightClosure => ("Squeeze your eyes shut as tightly as you can.", "できるだけ強く目を閉じてください。"),
    DoSmallSmile => ("Smile gently with your lips closed.", "唇を閉じたまま、軽くほほえんでください。"),
    DoBigSmile => ("Give a big smile showing your teeth.", "歯を見せて大きく笑ってください。"),
    DoPucker => ("Pucker your lips as if to whistle or kiss.", "口笛を吹くように唇をすぼめてください。"),
    DoLowerTeeth => ("Pull your lower lip down to show your bottom teeth (say \"EEE\").", "「イー」と言うように、下唇を下げて下の歯を見せてください。"),
    DoSnarl => ("Wrinkle your nose and lift your upper lip (snarl).", "鼻にしわを寄せて、上唇を持ち上げてください。"),
    DoBlink => ("Blink naturally a few times.", "自然に何回かまばたきしてください。"),
    DoWink => ("Close only the eye on the weaker side, keeping the other eye open (wink).", "弱い側の目だけを閉じ、もう片方の目は開けたままにしてください（片目つぶり）。"),
    DoLowerLipDepression => ("Pull your lower lip down as far as you can, mouth corners too.", "口角と一緒に、下唇をできるだけ下げてください（口をへの字に）。"),

    // The exam report.
    ExamReportHeading => ("Exam report", "検査レポート"),
    AffectedSideIs => ("Affected side: {side} (decided by {decided})", "患側: {side}（判定: {decided}）"),
    DecidedByUser => ("user", "ユーザー指定"),
    DecidedByMeasurements => ("measurements", "計測値"),
    DecidedByUnclear => ("unclear", "不明確（動きの少ない側）"),
    ViewsNotCaptured => ("Views not captured: {views}", "撮影されていない表情: {views}"),
    NotMeasured => ("not measured", "未測定"),
    NotEstimated => ("not estimated", "推定なし"),
    RangeNotMeasured => ("{range} (not measured)", "{range}（未測定）"),
    EfaceTotal => ("auto-eFACE total (0-100, 100 = normal)", "auto-eFACE 合計（0〜100、100 = 正常）"),
    EfaceStatic => ("auto-eFACE static", "auto-eFACE 静的（安静時）"),
    EfaceDynamic => ("auto-eFACE dynamic", "auto-eFACE 動的（随意運動）"),
    EfaceSynkinesis => ("auto-eFACE synkinesis", "auto-eFACE 病的共同運動"),
    SunnybrookComposite => ("Sunnybrook composite, measurable parts (range over what is not measured)", "Sunnybrook法 複合スコア（計測できた部分。未測定の部分は範囲で表示）"),
    HouseBrackmannEstimate => ("House-Brackmann estimate", "House-Brackmann法（推定）"),
    YanagiharaEstimate => ("Yanagihara estimate (0-40, 40 = normal; range over what is not measured)", "柳原法（40点法）推定（0〜40、40 = 正常。未測定の部分は範囲で表示）"),
    ScaleHeader => ("Scale", "評価法"),
    ItemHeader => ("Item", "項目"),
    ValueHeader => ("Value", "値"),
    RuleHeader => ("Rule or reason", "規則または理由"),
    ScaleSunnybrook => ("Sunnybrook", "Sunnybrook法"),
    ScaleYanagihara => ("Yanagihara", "柳原法"),
    SunnybrookResting => ("resting", "安静時"),
    SunnybrookVoluntary => ("voluntary", "随意運動"),
    SunnybrookSynkinesis => ("synkinesis", "病的共同運動"),
    ShowPictures => (" Show the views' pictures in the report", " レポートに各表情の画像を表示"),
    ExportJson => ("Export JSON", "JSONを書き出す"),
    ExportCsv => ("Export CSV", "CSVを書き出す"),
    ExportFhir => ("Export FHIR", "FHIRを書き出す"),
    SavePdf => ("Save PDF", "PDFを保存"),
    PrintReport => ("Print report", "レポートを印刷"),
    /// Shown beside "Save PDF" in Japanese only: the PDF writer has Latin fonts only.
    PdfInEnglish => ("The PDF is in English (its standard fonts have no Japanese characters).", "PDFは英語で作成されます（PDFの標準フォントに日本語の文字がないため）。画面のレポートは印刷できます。"),
    PictureAlt => ("{view} view", "{view}の画像"),
    MeasurementsCaption => ("Measurements per view (subject's right and left): value \u{b1} standard uncertainty (1 SD; the 95 % interval is \u{b1} 1.96 SD). It combines the spread across the picture's analysis views, the iris reading's own spread and, for millimetres, the \u{b1}0.5 mm spread of iris size between people (4.3 % of the value); angles have no scale term. A value without \u{b1} has no stated uncertainty (e.g. corrected by hand).",
        "表情ごとの計測値（被検者の右と左）: 値 \u{b1} 標準不確かさ（1 SD。95 %区間は \u{b1} 1.96 SD）。画像の複数の解析ビューにわたるばらつき、虹彩の読み取り自体のばらつき、ミリメートルでは人による虹彩の大きさのばらつき \u{b1}0.5 mm（値の4.3 %）を合わせたものです。角度には尺度の項はありません。\u{b1} のない値には不確かさが示されていません（手で修正した値など）。"),
    ViewHeader => ("View", "表情"),

    // The eye-safety panel.
    ClosureCaption => ("Eye closure: the gap each eye leaves open, mm. 0 = closes completely (under 1 mm).", "閉眼: それぞれの目に残るすき間（mm）。0 = 完全に閉じる（1 mm未満）。兎眼の評価。"),
    OcularSynkinesisHeading => ("Ocular synkinesis: eye narrowing with mouth movements", "眼の病的共同運動: 口の動きに伴う瞼裂の狭小化"),
    NarrowingCaption => ("How much each eye narrows from rest (mm, and % of that eye at rest; negative = wider than at rest).", "安静時からそれぞれの目がどれだけ細くなるか（mm、および安静時のその目に対する%。負の値 = 安静時より広い）。"),
    AffectedMinusHealthy => ("Affected minus healthy", "患側 − 健側"),
    SuggestedSynkinesisPoint => ("Suggested Sunnybrook synkinesis point", "Sunnybrook法 病的共同運動の点数（提案）"),
    EyeAffected => ("{eye} (affected)", "{eye}（患側）"),
    EyeHealthy => ("{eye} (healthy)", "{eye}（健側）"),
    EyeTakenAsAffected => ("{eye} (taken as affected; side unclear)", "{eye}（患側とみなす。左右は不明確）"),
    EyeOtherSide => ("{eye} (the other side)", "{eye}（反対側）"),
    GapCloses => ("0 (closes)", "0（閉じる）"),
    GapMm => ("{mm} mm", "{mm} mm"),
    NarrowingWords => ("{mm} mm ({percent} % of rest)", "{mm} mm（安静時の{percent} %）"),
    Suggestion => ("{point} (suggestion)", "{point}（提案）"),
    NotMeasuredBecause => ("not measured: {why}", "未測定: {why}"),
    EyelidsUncertain => ("eyelid landmarks uncertain: check the photo", "眼瞼のランドマークが不確か: 写真を確認してください"),
    /// The page's sections and layout (`web/ui_text.rs`).
    TabLive => ("Live", "ライブ"),
    TabExam => ("Exam", "検査"),
    TabReport => ("Report", "レポート"),
    TabSavedExams => ("Saved exams", "保存した検査"),
    TabModel => ("Model", "モデル"),
    SectionsLabel => ("Sections", "セクション"),
    ModePatientNote => ("Patient mode: what the camera sees in plain sentences and the guided exam; no tables, scores or saved exams.",
        "患者モード: カメラに映る様子をやさしい文章で示し、ガイド付き検査を行います。表・スコア・保存した検査は表示しません。"),
    ModeClinicianNote => ("Clinician mode: measurement tables, the exam's scores and report, saved exams and the landmark model.",
        "医療者モード: 計測値の表、検査のスコアとレポート、保存した検査、ランドマークモデルを表示します。"),
    ExamStepOf => ("Exam step {k} of {n}: {prompt}", "検査 {k}/{n}: {prompt}"),
    ExamViewsCaptured => ("Exam: {captured} of {n} views captured.", "検査: {n}表情中{captured}表情を撮影済み。"),
    OpenTheReport => ("Open the report", "レポートを開く"),
    KeyboardShortcuts => ("Keyboard: Tab moves between controls and the arrow keys between sections. In the Live or Exam section, Space starts the exam; during a countdown Space captures the view now and N skips to the next view; Escape stops the exam.",
        "キーボード: Tabキーで操作部品の間を、矢印キーでセクションの間を移動します。ライブまたは検査のセクションでは、スペースキーで検査を開始します。カウントダウン中はスペースキーでその表情をすぐに撮影し、Nキーで次の表情に進みます。Escキーで検査を中止します。"),
    TrendAsTable => ("The trend as a table", "推移の表"),
    TrendColumnDate => ("Date", "日付"),
    TrendColumnValue => ("Value (\u{b1} standard uncertainty)", "値（\u{b1} 標準不確かさ）"),
    TrendColumnChanged => ("Changed from the first exam beyond measurement error?", "初回の検査から測定誤差を超えて変化したか"),
    RegionBarsLabel => ("auto-eFACE items by region, 0 to 100. The same values are listed in the items table below.", "部位別の auto-eFACE 項目（0〜100）。同じ値を下の項目表に示します。"),
    NoScoredExamYet => ("No scored exam yet: run the guided exam, analyse photos or a video, or open a saved exam.",
        "採点済みの検査はまだありません。ガイド付き検査を行うか、写真や動画を解析するか、保存した検査を開いてください。"),
    LineStyles => ("Line styles say the same as the colours: solid where the sides match, dotted orange where the difference is noticeable, dashed vermillion where it is marked; dash-dot where the eyelid models disagree.",
        "線の種類も色と同じことを示します: 左右がそろう所は実線、差が目立つ所はオレンジの点線、差が著しい所は朱色の破線、2つの眼瞼モデルが一致しない所は一点鎖線です。"),
    TrendChartLabel => ("Trend of the chosen value over the saved exams; the table after it gives the same values.", "保存した検査における選択した値の推移。続く表に同じ値を示します。"),
    GradeValueLabel => ("{scale} {item}: the clinician's value", "{scale} {item}: 医療者の評価値"),
    GradeReasonLabel => ("{scale} {item}: the reason for the change", "{scale} {item}: 変更の理由"),
    PhotoViewLabel => ("The view of {photo}", "{photo} の表情"),
    TreatmentDateLabel => ("{treatment}: date given", "{treatment}: 実施日"),
    /// Shown in Japanese only: the scoring rules write their statements in English.
    RulesInEnglish => ("The scoring rules' statements, rules and reasons are in English.", "採点規則による所見・規則・理由の文章は英語のみです（英語のまま表示します）。"),
}
